#!/usr/bin/env python3
"""SMM Planner against HiGHS and glpsol on the same generated portfolios, in one run.

For each size: `smm generate` writes a portfolio, `smm plan` plans it within a time limit, and
`smm export-model` writes the same integer program, which HiGHS (highspy, one thread) and glpsol
then solve for the same wall-clock time. Prints our value, bound and gap beside theirs, and the
ratios. All three maximise the same objective; a higher value is a better plan.

Usage: python3 Benchmarks/peers.py [--sizes 50x8:2,200x8:10,1000x12:60] [--seed 1] [--smm PATH]
Needs: pip install highspy; apt-get install glpk-utils (glpsol). Build smm first: swift build -c release.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def generate(smm, systems, quarters, seed, path, initiatives=0):
    """Writes `smm generate`'s portfolio (with `initiatives` organisation-wide initiatives) to path."""
    subprocess.run([smm, "generate", "--systems", str(systems), "--quarters", str(quarters), "--seed", str(seed),
                    "--initiatives", str(initiatives), "-o", path], check=True)


def run_smm(smm, path, limit, wrapper=(), extra=()):
    """Plans path with `smm plan` (optionally under a wrapper command such as /usr/bin/time, and with
    extra arguments such as --progress FILE)."""
    start = time.monotonic()
    out = subprocess.run([*wrapper, smm, "plan", path, "--format", "json", "--time-limit", str(limit), *extra],
                         capture_output=True, text=True, check=True)
    seconds = time.monotonic() - start
    plan = json.loads(out.stdout)
    o = plan["objective"]
    return {"seconds": seconds, "value": o["value"], "bound": o["bound"], "gap": o["gap"], "status": plan["status"],
            "engine": plan["solver"]["name"]}


def run_highs(model, limit, relative_gap=None):
    """HiGHS (highspy, one thread) on a model file; `relative_gap` 0 asks it for a proof (its
    default stops at 1e-4)."""
    try:
        import highspy
    except ImportError:
        return None
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    if relative_gap is not None:
        h.setOptionValue("mip_rel_gap", float(relative_gap))
    h.setOptionValue("time_limit", float(limit))
    h.readModel(model)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    start = time.monotonic()
    h.run()
    info = h.getInfo()
    has_plan = info.primal_solution_status == 2
    return {"seconds": time.monotonic() - start, "value": info.objective_function_value if has_plan else None,
            "bound": info.mip_dual_bound, "status": str(h.getModelStatus()).split(".")[-1]}


def run_glpsol(model, limit):
    with tempfile.TemporaryDirectory() as tmp:
        solution = os.path.join(tmp, "sol.txt")
        start = time.monotonic()
        try:
            subprocess.run(["glpsol", "--lp", model, "--max", "--tmlim", str(max(1, int(limit))), "--gomory", "--mir",
                            "--clique", "--pcost", "-o", solution], capture_output=True, text=True, timeout=limit * 3 + 60)
        except (FileNotFoundError, subprocess.TimeoutExpired):
            return None
        seconds = time.monotonic() - start
        text = open(solution).read() if os.path.exists(solution) else ""
        status = re.search(r"Status:\s+(.*)", text)
        value = re.search(r"Objective:\s+\S+ = ([-0-9.e+]+)", text)
        found = status and "UNDEFINED" not in status.group(1)
        return {"seconds": seconds, "value": float(value.group(1)) if value and found else None,
                "status": status.group(1).strip() if status else "no output"}


def fmt(x, spec="{:.1f}"):
    return "-" if x is None else spec.format(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50x8:2,200x8:10,1000x12:60",
                        help="systems x quarters [/ initiatives] : seconds, comma-separated (e.g. 200x8/10:10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--smm", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "smm"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.sizes.split(","):
            shape, limit = spec.split(":")
            size, _, initiatives = shape.partition("/")
            systems, quarters = size.split("x")
            limit = float(limit)
            scenario = os.path.join(tmp, f"p{systems}x{quarters}i{initiatives or 0}.yaml")
            model = os.path.join(tmp, f"p{systems}x{quarters}i{initiatives or 0}.lp")
            generate(args.smm, systems, quarters, args.seed, scenario, int(initiatives or 0))
            ours = run_smm(args.smm, scenario, limit)
            subprocess.run([args.smm, "export-model", scenario, "--format", "lp", "-o", model], check=True,
                           capture_output=True)
            same = max(1.0, ours["seconds"])
            highs = run_highs(model, same)
            glpsol = run_glpsol(model, same)
            rows.append((shape, limit, ours, highs, glpsol))
            print(f"{shape}: smm {ours['status']} {fmt(ours['value'])} (bound {fmt(ours['bound'])}, "
                  f"gap {fmt(100 * (ours['gap'] or 0), '{:.3f}')}%) in {ours['seconds']:.1f} s via {ours['engine']}; "
                  f"HiGHS {highs and highs['status']} {fmt(highs and highs['value'])} (bound {fmt(highs and highs['bound'])}); "
                  f"glpsol {glpsol and glpsol['status']} {fmt(glpsol and glpsol['value'])}", file=sys.stderr)
    print("| portfolio | limit s | smm s | smm value | smm bound | smm gap | HiGHS value (same time) | HiGHS bound | "
          "smm / HiGHS value | glpsol value (same time) | smm / glpsol value |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for shape, limit, ours, highs, glpsol in rows:
        hv = highs and highs["value"]
        gv = glpsol and glpsol["value"]
        print(f"| {shape} | {limit:g} | {ours['seconds']:.1f} | {fmt(ours['value'])} | {fmt(ours['bound'])} | "
              f"{100 * (ours['gap'] or 0):.3f}% | {fmt(hv)} | {fmt(highs and highs['bound'])} | "
              f"{fmt(ours['value'] / hv, '{:.4f}') if hv else 'no plan'} | {fmt(gv)} | "
              f"{fmt(ours['value'] / gv, '{:.4f}') if gv else 'no plan'} |")


if __name__ == "__main__":
    main()
