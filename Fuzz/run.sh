#!/usr/bin/env bash
# Fuzzes the scenario and catalog loaders with libFuzzer and AddressSanitizer.
#   Fuzz/run.sh [SECONDS] [RUNS]   (defaults: 600 s, or stop after RUNS executions)
# The seed corpus is the shipped scenarios and the regression inputs in Fuzz/regressions/;
# every crash libFuzzer finds is written to Fuzz/regressions/ (commit it: Tests replay them).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
runs=${2:--1}
swift build -c release -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz || {
  # Seen once: after the loaders gained source files, the cached build did not see them.
  echo "run.sh: the build failed; if it cannot find a new type of the loaders, rm -rf Fuzz/.build-fuzz" >&2
  exit 1
}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
# The first byte picks the mode (0: scenario); the seeds are scenarios.
for f in ../Scenarios/*.yaml regressions/*; do
  [ -f "$f" ] && [ "$(basename "$f")" != README.md ] || continue
  { printf '\0'; cat "$f"; } > "$corpus/$(basename "$f")"
done
mkdir -p regressions
.build-fuzz/release/ScenarioFuzzer "$corpus" -max_total_time="$seconds" -runs="$runs" -max_len=16384 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix=regressions/ -print_final_stats=1
