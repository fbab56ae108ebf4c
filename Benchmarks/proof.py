#!/usr/bin/env python3
"""Time to proof on small programs: SMM Planner against HiGHS and glpsol, in one run.

Each program is a portfolio from `smm generate` (1-3 systems, 4-8 quarters, its dependencies),
made tight (budget and effort x 0.6; x 2 when every target must be met), left as
generated (x 1; x 2.5) or loose (x 1.6; x 3.5), with two deadlines added, for both
objectives. `smm plan` plans it; `smm export-model` writes the same integer program, which
HiGHS (highspy, one thread) and glpsol (Gomory, MIR, clique cuts, pseudo-costs, as the tool runs
GLPK) then solve with the same time limit. Time to proof is the wall-clock time until the solver
says optimal (or infeasible); a run that hits the limit has none. Prints one row per program and
a summary: how many each solver proved, the median and worst time to proof, and the median
ratio smm / HiGHS over the programs both proved.

Usage: python3 Benchmarks/proof.py [--systems 1,2,3] [--quarters 4,6,8] [--seeds 1,2]
                                   [--limit 20] [--smm PATH] [--no-peers]
Needs: pip install highspy pyyaml; apt-get install glpk-utils. Build first: swift build -c release.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

from peers import run_glpsol, run_highs


def scenario(smm, systems, quarters, seed, budget, objective, path):
    """A generated portfolio, tight or loose, with two deadlines, for one objective."""
    text = subprocess.run([smm, "generate", "--systems", str(systems), "--quarters", str(quarters),
                           "--seed", str(seed)], capture_output=True, text=True, check=True).stdout
    doc = yaml.safe_load(text)
    # minimize-cost must reach every target, so its budgets start higher than maturity's.
    factor = {("tight", "maximize-maturity"): 0.6, ("generated", "maximize-maturity"): 1.0,
              ("loose", "maximize-maturity"): 1.6, ("tight", "minimize-cost"): 2.0,
              ("generated", "minimize-cost"): 2.5, ("loose", "minimize-cost"): 3.5}[budget, objective]
    doc["budget"]["quarterly"] = round(doc["budget"]["quarterly"] * factor)
    doc["effort_capacity"]["quarterly"] = round(doc["effort_capacity"]["quarterly"] * factor)
    doc["objective"] = objective
    # Two deadlines: the first raised practice of the first system one level up by the middle of
    # the horizon, and of the last system by its end (quarter labels from the start quarter).
    year, q = map(int, doc["start"].split("-Q"))

    def label(quarter_index):
        k = (q - 1) + quarter_index - 1
        return f"{year + k // 4}-Q{k % 4 + 1}"

    deadlines = []
    for system, by in ((doc["systems"][0], max(1, quarters // 2)), (doc["systems"][-1], quarters)):
        for practice, rating in system["practices"].items():
            if rating.get("target", rating["current"]) > rating["current"]:
                deadlines.append({"system": system["id"], "practice": practice,
                                  "level": rating["current"] + 1, "by": label(by)})
                break
    doc["deadlines"] = deadlines
    with open(path, "w") as out:
        json.dump(doc, out)


def run_smm(smm, path, limit):
    start = time.monotonic()
    out = subprocess.run([smm, "plan", path, "-f", "json", "--time-limit", str(limit)], capture_output=True,
                         text=True)
    seconds = time.monotonic() - start
    if out.returncode not in (0, 3):
        sys.exit(f"smm plan {path} failed ({out.returncode}): {out.stderr[-500:]}")
    plan = json.loads(out.stdout)
    proven = plan["status"] in ("optimal", "infeasible")
    return {"seconds": seconds, "status": plan["status"], "value": plan["objective"].get("value"),
            "proof": seconds if proven else None}


def run_highs_proof(model, limit):
    """peers.py's HiGHS run (one thread), with its time to proof."""
    highs = run_highs(model, limit)
    if highs is None:
        return None
    highs["status"] = highs["status"].removeprefix("k")
    highs["proof"] = highs["seconds"] if highs["status"] in ("Optimal", "Infeasible") else None
    return highs


def fmt(x, spec="{:.2f}"):
    return "-" if x is None else spec.format(x)


def summary(name, runs):
    proofs = [r["proof"] for r in runs if r and r["proof"] is not None]
    if not proofs:
        return f"{name}: proved 0 of {len(runs)}"
    return (f"{name}: proved {len(proofs)} of {len(runs)}; time to proof median {statistics.median(proofs):.2f} s, "
            f"worst {max(proofs):.2f} s")


def group_cell(runs):
    """'proved/count, median, worst' of a group's times to proof."""
    proofs = [r["proof"] for r in runs if r and r["proof"] is not None]
    if not proofs:
        return f"0/{len(runs)} | - | -"
    return f"{len(proofs)}/{len(runs)} | {statistics.median(proofs):.2f} | {max(proofs):.2f}"


def print_groups(rows, compare):
    """One line per size: how many programs each solver proved, median and worst time to proof."""
    columns = ["smm"] + (["before"] if compare else []) + ["HiGHS", "glpsol"]
    print("| size | " + " | ".join(f"{c} proved | {c} median s | {c} worst s" for c in columns) + " |")
    print("|---|" + "---:|---:|---:|" * len(columns))
    for size in dict.fromkeys(r[5] for r in rows):
        group = [r for r in rows if r[5] == size]
        cells = [group_cell([r[0] for r in group])]
        if compare:
            cells.append(group_cell([r[4] for r in group]))
        cells += [group_cell([r[1] for r in group]), group_cell([r[2] for r in group])]
        print(f"| {size} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", default="1,2,3")
    parser.add_argument("--quarters", default="4,6,8")
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--limit", type=float, default=20)
    parser.add_argument("--no-peers", action="store_true", help="only smm")
    parser.add_argument("--compare", help="a second smm binary (e.g. an earlier build), timed beside the first")
    parser.add_argument("--smm", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "smm"))
    args = parser.parse_args()
    rows = []
    print("| program | smm status | smm value | smm s | before s | HiGHS status | HiGHS value | HiGHS s | "
          "glpsol s | smm / HiGHS |")
    print("|---|---|---:|---:|---:|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for systems in map(int, args.systems.split(",")):
            for quarters in map(int, args.quarters.split(",")):
                for budget in ("tight", "generated", "loose"):
                    for objective in ("maximize-maturity", "minimize-cost"):
                        for seed in map(int, args.seeds.split(",")):
                            name = f"{systems}x{quarters} {budget} {objective.split('-')[1]} s{seed}"
                            path = os.path.join(tmp, "program.json")
                            model = os.path.join(tmp, "program.lp")
                            scenario(args.smm, systems, quarters, seed, budget, objective, path)
                            ours = run_smm(args.smm, path, args.limit)
                            before = run_smm(args.compare, path, args.limit) if args.compare else None
                            highs = glpsol = None
                            if not args.no_peers:
                                subprocess.run([args.smm, "export-model", path, "-f", "lp", "-o", model],
                                               check=True, capture_output=True)
                                highs = run_highs_proof(model, args.limit)
                                glpsol = run_glpsol(model, args.limit)
                                if glpsol:
                                    done = glpsol["status"].startswith(("INTEGER OPTIMAL", "INTEGER EMPTY"))
                                    glpsol["proof"] = glpsol["seconds"] if done else None
                            # Ratios only where the time is the search, not the start-up of a process.
                            ratio = (ours["proof"] / highs["proof"]
                                     if highs and ours["proof"] and highs["proof"]
                                     and max(ours["proof"], highs["proof"]) >= 0.1 else None)
                            rows.append((ours, highs, glpsol, ratio, before, f"{systems}x{quarters}"))
                            print(f"| {name} | {ours['status']} | {fmt(ours['value'], '{:.3f}')} | "
                                  f"{fmt(ours['proof'])} | {fmt(before and before['proof'])} | "
                                  f"{highs and highs['status'] or '-'} | "
                                  f"{fmt(highs and highs['value'], '{:.3f}')} | {fmt(highs and highs['proof'])} | "
                                  f"{fmt(glpsol and glpsol['proof'])} | {fmt(ratio)} |", flush=True)
    print()
    print_groups(rows, args.compare)
    print()
    print(summary("smm", [r[0] for r in rows]))
    if args.compare:
        print(summary("smm before", [r[4] for r in rows]))
    stopped = [r[0]["seconds"] - args.limit for r in rows if r[0]["proof"] is None]
    if stopped:
        print(f"smm runs stopped by the time limit: {len(stopped)}; the longest ended {max(stopped):+.2f} s after it")
    if not args.no_peers:
        print(summary("HiGHS (1 thread)", [r[1] for r in rows]))
        print(summary("glpsol", [r[2] for r in rows]))
        ratios = [r[3] for r in rows if r[3] is not None]
        if ratios:
            print(f"smm / HiGHS time to proof, median over {len(ratios)} programs both proved (either >= 0.1 s): "
                  f"{statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
