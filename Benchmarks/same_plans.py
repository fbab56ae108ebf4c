#!/usr/bin/env python3
"""Whether two smm binaries plan the same: status, objective value and steps (quarters included) on
the shipped scenarios (the portfolio aside: its plan is not proven in the time) and the small set,
for refactors that must leave plans as they were. Step reasons are left out: their wording may
change without the plan changing.

Usage: python3 Benchmarks/same_plans.py BEFORE_SMM AFTER_SMM [--dir ../shared/bench/small] [--limit 60]
(e.g. keep the release binary of the last commit: cp .build/release/smm /tmp/smm-before; rebuild.)
"""
import argparse
import glob
import json
import os
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def plan(smm, path, limit):
    started = time.time()
    run = subprocess.run([smm, "plan", path, "-f", "json", "--time-limit", str(limit)], capture_output=True, text=True)
    try:
        plan = json.loads(run.stdout)
    except ValueError:
        return ("error", None, run.stderr[-200:]), time.time() - started
    steps = [{k: v for k, v in step.items() if k != "reason"} for step in plan.get("steps", [])]
    return (plan.get("status"), plan.get("objective", {}).get("value"), json.dumps(steps, sort_keys=True)), \
        time.time() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--dir", default=os.path.join(ROOT, "..", "shared", "bench", "small"))
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    files = sorted(glob.glob(os.path.join(ROOT, "Scenarios", "*.yaml")))
    files = [f for f in files if "vendor-portfolio" not in f] + sorted(glob.glob(os.path.join(args.dir, "*.json")))
    files = [f for f in files if not f.endswith("reference.json")]
    same, seconds = 0, {"before": [], "after": []}
    for path in files:
        (a, ta), (b, tb) = plan(args.before, path, args.limit), plan(args.after, path, args.limit)
        seconds["before"].append(ta)
        seconds["after"].append(tb)
        same += a == b
        print(("same " if a == b else "DIFFERENT ") + os.path.basename(path), b[0], b[1], flush=True)
    print(f"same plans: {same} of {len(files)}")
    for name, values in seconds.items():
        values.sort()
        print(f"{name}: median {values[len(values) // 2]:.2f} s, total {sum(values):.1f} s")


if __name__ == "__main__":
    main()
