#!/usr/bin/env python3
"""Runs `smm plan` several times on generated portfolios and prints each run's gap with the median
and spread, wall clock and peak memory (from /usr/bin/time). The core's windows stop on a clock,
so runs under a binding time limit differ a little; this is how docs/performance.md quotes them.

Usage: python3 Benchmarks/repeat.py [--sizes 50x8:2,200x8:10,1000x12:60] [--runs 5] [--seed 1] [--smm PATH]
Build smm first: swift build -c release. Needs /usr/bin/time (Debian package `time`).
"""
import argparse
import os
import statistics
import tempfile

from peers import generate, run_smm


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50x8:2,200x8:10,1000x12:60")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--smm", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "smm"))
    args = parser.parse_args()
    print("| portfolio | limit s | gaps of the runs (sorted) | median gap | median value | bound | median time | peak memory |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.sizes.split(","):
            shape, limit = spec.split(":")
            systems, quarters = shape.split("x")
            scenario = os.path.join(tmp, f"p{shape}.yaml")
            generate(args.smm, systems, quarters, args.seed, scenario)
            runs = []
            for _ in range(args.runs):
                timing = os.path.join(tmp, "time.txt")
                plan = run_smm(args.smm, scenario, limit, wrapper=("/usr/bin/time", "-o", timing, "-f", "%e %M"))
                seconds, kilobytes = open(timing).read().split()
                runs.append((plan["gap"], plan["value"], plan["bound"], float(seconds), int(kilobytes)))
            gaps = sorted(100 * r[0] for r in runs)
            print(f"| {shape} | {limit} | {', '.join(f'{g:.4f}' for g in gaps)}% | {statistics.median(gaps):.4f}% | "
                  f"{statistics.median(r[1] for r in runs):,.3f} | {min(r[2] for r in runs):,.3f} | "
                  f"{statistics.median(r[3] for r in runs):.1f} s | {max(r[4] for r in runs) / 1024:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
