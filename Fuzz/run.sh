#!/usr/bin/env bash
# Fuzzes what smm reads with libFuzzer and AddressSanitizer.
#   Fuzz/run.sh [SECONDS] [RUNS] [HARNESS…]   (defaults: 600 s, no run limit, every harness)
# Harnesses: ScenarioFuzzer (scenarios, --set values, catalogs), SheetFuzzer (XLSX and CSV
# assessment sheets), ProgressFuzzer (progress files), PlanFuzzer (saved plans for render).
# Each is seeded from the shipped files and its regression folder, Fuzz/regressions/<harness>/
# (the scenario harness's are at the folder's top); every crash, hang or out-of-memory input
# libFuzzer finds is written there (commit it: the tests replay them).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
runs=${2:--1}
shift $(( $# < 2 ? $# : 2 ))
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(ScenarioFuzzer SheetFuzzer ProgressFuzzer PlanFuzzer)
swift build -c release -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz || {
  # Seen once: after the loaders gained source files, the cached build did not see them.
  echo "run.sh: the build failed; if it cannot find a new type of the loaders, rm -rf Fuzz/.build-fuzz" >&2
  exit 1
}
export LSAN_OPTIONS="suppressions=$PWD/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
for harness in "${harnesses[@]}"; do
  corpus=$(mktemp -d)
  case $harness in
    ScenarioFuzzer)
      # The first byte picks the mode (0: scenario); the seeds are scenarios.
      out=regressions
      for f in ../Scenarios/*.yaml regressions/*; do
        [ -f "$f" ] && [ "$(basename "$f")" != README.md ] || continue
        { printf '\0'; cat "$f"; } > "$corpus/$(basename "$f")"
      done ;;
    SheetFuzzer)
      # The first byte picks the mode: 0 a whole XLSX, 1 a sheet part, 2 shared strings, 3 CSV.
      out=regressions/sheets
      { printf '\0'; cat ../Tests/SMMPlannerTests/Fixtures/libreoffice-assessment.xlsx; } > "$corpus/libreoffice.xlsx"
      printf '\3system,practice id,current level\ngw,patch-management,2\n' > "$corpus/plain.csv"
      printf '\1<worksheet><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>gw</t></is></c></row></sheetData></worksheet>' > "$corpus/sheet.xml"
      printf '\2<sst><si><t>system</t></si><si><t>practice id</t></si></sst>' > "$corpus/shared.xml" ;;
    ProgressFuzzer)
      out=regressions/progress
      cp seeds/progress/* ../Scenarios/progress/*.yaml "$corpus/" ;;
    PlanFuzzer)
      out=regressions/plans
      cp seeds/plans/* "$corpus/" ;;
    *) echo "run.sh: unknown harness $harness" >&2; exit 64 ;;
  esac
  mkdir -p "$out"
  for f in "$out"/*; do [ -f "$f" ] && [ "$(basename "$f")" != README.md ] && cp "$f" "$corpus/" || true; done
  echo "== $harness"
  .build-fuzz/release/$harness "$corpus" -max_total_time="$seconds" -runs="$runs" -max_len=16384 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/" -print_final_stats=1
  rm -rf "$corpus"
done
