#!/usr/bin/env python3
"""Time to proof on small scenarios as users bring them: smm's configurations against HiGHS, in one run.

Runs every scenario file of a folder (default: ../shared/bench/small, or programs drawn the same
way by draw_small.py) through `smm plan` in each configuration asked for (by default: the race of
both formulations with HiGHS, each formulation alone, and GLPK alone), and HiGHS (highspy, one
thread, mip_rel_gap 0) on smm's exported model for the same time. Where the folder has a
reference.json (proven optima of an independent formulation), every value smm reports is checked
against it. Prints a row per scenario and, per configuration, how many it proved, the median and
worst time to proof, the values that disagree with the reference, and the median ratio to HiGHS
over the scenarios both proved (either >= 0.1 s).

Usage: python3 Benchmarks/small.py [--dir DIR] [--limit 60] [--configs race,glpk] [--no-peers] [--cbc] [--smm PATH]
Needs: pip install highspy==1.15.1 (the library smm loads, and the peer). Build first: swift build -c release.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import tempfile
import time

from peers import run_highs

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = {
    "race": [],
    "taken-in": ["--formulation", "taken-in"],
    "done-by": ["--formulation", "done-by"],
    "glpk": ["--engine", "glpk"],
}


def run_smm(smm, path, limit, extra):
    start = time.monotonic()
    out = subprocess.run([smm, "plan", path, "-f", "json", "--time-limit", str(limit), *extra],
                         capture_output=True, text=True)
    seconds = time.monotonic() - start
    if out.returncode not in (0, 3, 4):
        raise SystemExit(f"smm plan {path} {' '.join(extra)} failed ({out.returncode}): {out.stderr[-800:]}")
    plan = json.loads(out.stdout)
    proven = plan["status"] in ("optimal", "infeasible")
    return {"seconds": seconds, "status": plan["status"], "value": plan["objective"].get("value"),
            "proof": seconds if proven else None}


def run_highs_proof(model, limit):
    """peers.py's HiGHS run (one thread), asked for a proof, with its time to proof."""
    highs = run_highs(model, limit, relative_gap=0)
    if highs is None:
        return None
    status = highs["status"].removeprefix("k")
    return {"seconds": highs["seconds"], "status": status,
            "proof": highs["seconds"] if status in ("Optimal", "Infeasible") else None}


def run_cbc(model, limit):
    """CBC (Debian's coinor-cbc, one thread) on the same model, when installed: a peer only. CBC's
    Eclipse Public Licence keeps it out of the GPL `smm` binary (docs/formulation.md)."""
    try:
        start = time.monotonic()
        out = subprocess.run(["cbc", model, "-max", "-sec", str(limit), "-threads", "1", "-ratio", "0",
                              "-allow", "0", "-solve", "-quit"], capture_output=True, text=True, timeout=limit * 3 + 60)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    seconds = time.monotonic() - start
    text = out.stdout
    # CBC's presolve says "Problem is infeasible" and stops; its search says "Result - ...".
    proven = any(line in text for line in ("Result - Optimal solution found", "Result - Problem proven infeasible",
                                            "Problem is infeasible"))
    return {"seconds": seconds, "status": "proven" if proven else "stopped", "proof": seconds if proven else None}


def fmt(x, spec="{:.2f}"):
    return "-" if x is None else spec.format(x)


def summary(name, runs, wrong, ratios):
    proofs = [r["proof"] for r in runs if r and r["proof"] is not None]
    text = f"{name}: proved {len(proofs)} of {len(runs)}"
    if proofs:
        text += f"; time to proof median {statistics.median(proofs):.2f} s, worst {max(proofs):.2f} s"
    if wrong is not None:
        text += f"; values disagreeing with the reference: {wrong}"
    if ratios:
        text += f"; median ratio to HiGHS {statistics.median(ratios):.2f} over {len(ratios)}"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=os.path.join(HERE, "..", "..", "shared", "bench", "small"))
    parser.add_argument("--limit", type=float, default=60)
    parser.add_argument("--configs", default="race,taken-in,done-by,glpk")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--cbc", action="store_true", help="also CBC (apt-get install coinor-cbc) as a peer")
    parser.add_argument("--smm", default=os.path.join(HERE, "..", ".build", "release", "smm"))
    args = parser.parse_args()
    configs = args.configs.split(",")
    files = sorted(glob.glob(os.path.join(args.dir, "*.json")))
    files = [f for f in files if os.path.basename(f) != "reference.json"]
    reference = {}
    if os.path.exists(os.path.join(args.dir, "reference.json")):
        reference = {r["file"]: r for r in json.load(open(os.path.join(args.dir, "reference.json")))}
    runs = {c: [] for c in configs}
    wrong = {c: 0 for c in configs}
    ratios = {c: [] for c in configs}
    peers, cbcs = [], []
    print("| scenario | " + " | ".join(f"{c} status | {c} s" for c in configs) + " | HiGHS s | CBC s | reference |")
    print("|---|" + "---|---:|" * len(configs) + "---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            name = os.path.basename(path)
            ref = reference.get(name)
            highs = cbc = None
            if not args.no_peers:
                model = os.path.join(tmp, "model.lp")
                subprocess.run([args.smm, "export-model", path, "-f", "lp", "-o", model], check=True,
                               capture_output=True)
                highs = run_highs_proof(model, args.limit)
                if args.cbc:
                    mps = os.path.join(tmp, "model.mps")
                    subprocess.run([args.smm, "export-model", path, "-f", "mps", "-o", mps], check=True,
                                   capture_output=True)
                    cbc = run_cbc(mps, args.limit)
            peers.append(highs)
            cbcs.append(cbc)
            cells = []
            for c in configs:
                r = run_smm(args.smm, path, args.limit, CONFIGS[c])
                runs[c].append(r)
                if ref and r["status"] == "optimal" and ref["status"] == "optimal":
                    if abs(r["value"] - ref["objective"]) > 1e-6 * max(1, abs(ref["objective"])):
                        wrong[c] += 1
                if ref and (r["status"] == "infeasible") != (ref["status"] == "infeasible"):
                    wrong[c] += 1
                if highs and r["proof"] and highs["proof"] and max(r["proof"], highs["proof"]) >= 0.1:
                    ratios[c].append(r["proof"] / highs["proof"])
                cells.append(f"{r['status']} | {fmt(r['proof'])}")
            expected = "-" if not ref else (f"{ref['objective']:.3f}" if ref.get("objective") is not None
                                            else ref["status"])
            print(f"| {name} | " + " | ".join(cells) + f" | {fmt(highs and highs['proof'])} | {fmt(cbc and cbc['proof'])} | {expected} |",
                  flush=True)
    print()
    for c in configs:
        print(summary(f"smm {c}", runs[c], wrong[c] if reference else None, ratios[c]))
    if not args.no_peers:
        print(summary("HiGHS (1 thread, smm's model)", peers, None, None))
        if args.cbc:
            print(summary("CBC (1 thread, smm's model)", cbcs, None, None))


if __name__ == "__main__":
    main()
