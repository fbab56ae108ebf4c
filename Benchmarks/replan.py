#!/usr/bin/env python3
"""Re-planning at scale (spec §5): plans a generated portfolio from scratch (the baseline), writes
progress files with `smm progress init` and re-plans with each, printing the gap, wall clock and
peak memory of each run, with the median. Two stories: "as planned" (every baseline step before
--as-of done as planned, the first open quarter committed: commit_quarters 1) and "slipped" (one
step in three of the last history quarter not done; no commitments, since a committed step often
waits for a slipped one and the re-plan is then rightly infeasible).

Usage: python3 Benchmarks/replan.py [--size 1000x12] [--as-of 5] [--limit 60] [--runs 3] [--smm PATH]
Build smm first: swift build -c release. Needs /usr/bin/time (Debian package `time`).
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

from peers import generate, run_smm


def quarter_label(start, index):
    year, q = int(start[:4]), int(start[-1])
    n = (q - 1) + index - 1
    return f"{year + n // 4}-Q{n % 4 + 1}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1000x12")
    parser.add_argument("--as-of", type=int, default=5, help="the first open quarter, as a plan quarter index")
    parser.add_argument("--limit", type=float, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--smm", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "smm"))
    args = parser.parse_args()
    systems, quarters = args.size.split("x")
    with tempfile.TemporaryDirectory() as tmp:
        scenario = os.path.join(tmp, "portfolio.yaml")
        generate(args.smm, systems, quarters, args.seed, scenario)
        baseline = os.path.join(tmp, "baseline.json")
        subprocess.run([args.smm, "plan", scenario, "-f", "json", "--time-limit", str(args.limit), "-o", baseline],
                       check=True)
        plan = json.load(open(baseline))
        start = plan["quarters"][0]["quarter"]
        as_of = quarter_label(start, args.as_of)
        progress = os.path.join(tmp, "progress.yaml")
        subprocess.run([args.smm, "progress", "init", "--baseline", baseline, "--as-of", as_of, "-o", progress],
                       check=True)
        text = open(progress).read()
        last = quarter_label(start, args.as_of - 1)
        slipped_lines, k = [], 0
        for line in text.split("\n"):
            if line.startswith("  - {") and f"quarter: {last}" in line:
                k += 1
                if k % 3 == 0:
                    continue
            slipped_lines.append(line)
        slipped = os.path.join(tmp, "slipped.yaml")
        open(slipped, "w").write("\n".join(slipped_lines).replace("commit_quarters: 1", "commit_quarters: 0"))
        print(f"baseline {plan['status']} value {plan['objective']['value']:,.3f}; re-plans from {as_of}")
        print("| portfolio | story | limit s | gap | value | bound | time | peak memory |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for story, path in (("as planned, commit 1", progress), (f"1/3 of {last} slipped", slipped)):
            runs = []
            for _ in range(args.runs):
                timing = os.path.join(tmp, "time.txt")
                result = run_smm(args.smm, scenario, args.limit,
                                 wrapper=("/usr/bin/time", "-o", timing, "-f", "%e %M"), extra=("--progress", path))
                seconds, kilobytes = open(timing).read().split()
                runs.append((result["gap"], result["value"], result["bound"], float(seconds), int(kilobytes)))
                print(f"| {args.size} | {story} | {args.limit:g} | {100 * runs[-1][0]:.4f}% | {runs[-1][1]:,.3f} | "
                      f"{runs[-1][2]:,.3f} | {runs[-1][3]:.1f} s | {runs[-1][4] // 1024} MB |", flush=True)
            print(f"median gap {100 * statistics.median(r[0] for r in runs):.4f}%, "
                  f"median time {statistics.median(r[3] for r in runs):.1f} s", flush=True)


if __name__ == "__main__":
    main()
