#!/usr/bin/env python3
"""Stakeholders (spec §7): `smm negotiate` on what users bring, timed.

Small: every file of the small bench set (../shared/bench/small, drawn the way real assessments
look) becomes a two- and a three-party scenario by one fixed recipe (never tuned per file):
  - operator: hardening first (priorities 3), one level more of every hardening practice on the
    even systems, pays hardening and half of enablement from 60% of the budget;
  - vendor: governance first, one level more of every governance practice on the odd systems,
    pays governance and half of enablement from 50% of the budget;
  - regulator (three parties): weighs compliance, vulnerability and patch management, pays nothing.
The objective becomes maximize-maturity (stakeholders need it). Each scenario is negotiated with
the default engines (HiGHS proves whole programs when installed) and with GLPK alone
(`--engine glpk`), in one run: whole-command wall time, whether the ideals and the agreement
are proven, the smallest share, and the median ratio GLPK / HiGHS.

Portfolios: `smm generate` portfolios (e.g. 200x8, 1000x12) with the same three parties (the
operator's plants are every third system), negotiated within a time limit; prints the agreement's
gap to its proven bound, the time and the peak memory (/usr/bin/time).

With --highs-ideals, no `negotiate`: each party's ideal program (`smm export-model --ideal`) is
given to HiGHS alone (one thread, --limit seconds each): what the ideals alone cost a proof
outside smm, a floor under any whole negotiate that proves them. --no-party-budgets drops the
parties' own budgets from the recipe (who pays stays), to measure what they cost.

Usage: python3 Benchmarks/stakeholders.py [--small DIR] [--limit 60] [--rules max-min,weighted,nash]
                                          [--glpk] [--only n2-] [--portfolio 200x8:30,1000x12:180] [--smm PATH]
                                          [--highs-ideals] [--no-party-budgets] [--max-systems 3]
Build first: swift build -c release --product smm.
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARDENING = ["vulnerability-assessment", "patch-management", "monitoring-practices",
             "situational-awareness-and-information-sharing", "event-detection-and-response-plan",
             "remediation-recovery-and-continuity-of-operations"]
GOVERNANCE = ["security-program-management", "compliance-management", "threat-modeling", "risk-attitude",
              "product-supply-chain-risk-management", "services-third-party-dependencies-management"]


def scaled(budget, factor):
    """A budget's quarterly amounts times factor (a number or a list)."""
    q = budget["quarterly"]
    return [round(x * factor, 2) for x in q] if isinstance(q, list) else round(q * factor, 2)


def raised(systems, practices, parity):
    """One level more than the scenario's target (at most 4) of `practices` on the systems of
    index parity `parity`, where a target is given."""
    targets = {}
    for i, system in enumerate(systems):
        if i % 2 != parity:
            continue
        for p, entry in (system.get("practices") or {}).items():
            if p in practices and "target" in entry and entry["target"] < 4:
                targets.setdefault(system["id"], {})[p] = {"target": entry["target"] + 1}
    return targets


def parties(scenario, count):
    """The recipe's parties for a scenario (a dict), `count` 2 or 3."""
    systems = scenario["systems"]
    budget = scenario["budget"]
    carry = budget.get("carry_over", False)
    result = [
        {"id": "operator", "priorities": {"hardening": 3, "enablement": 1, "governance": 1},
         "targets": raised(systems, HARDENING, 0),
         "budget": {"quarterly": scaled(budget, 0.6), "carry_over": carry},
         "pays": {"domains": {"hardening": 1, "enablement": 0.5, "governance": 0}}},
        {"id": "vendor", "priorities": {"governance": 3, "enablement": 1, "hardening": 1},
         "targets": raised(systems, GOVERNANCE, 1),
         "budget": {"quarterly": scaled(budget, 0.5), "carry_over": carry},
         "pays": {"domains": {"governance": 1, "enablement": 0.5, "hardening": 0}}},
    ]
    if count == 3:
        result.append({"id": "regulator", "practice_weights": {
            "compliance-management": 3, "vulnerability-assessment": 2, "patch-management": 2}})
    return result


def with_parties(scenario, count, rule, party_budgets=True):
    scenario = dict(scenario)
    scenario["objective"] = "maximize-maturity"
    scenario["stakeholders"] = parties(scenario, count)
    if not party_budgets:
        for party in scenario["stakeholders"]:
            party.pop("budget", None)
    scenario["agreement"] = {"rule": rule}
    return scenario


def negotiate(smm, path, limit, engine=None, wrapper=()):
    """Runs `smm negotiate -f json`; returns its plan JSON and the wall time."""
    command = [*wrapper, smm, "negotiate", path, "-f", "json", "-q", "--time-limit", str(limit)]
    if engine:
        command += ["--engine", engine]
    start = time.monotonic()
    out = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if out.returncode not in (0, 3, 4):
        sys.exit(f"{path}: smm failed ({out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout), seconds, out.stderr


def summary(plan):
    """Status, whether every ideal is proven, the smallest share and the gap."""
    if "stakeholders" not in plan:
        return {"status": plan.get("status", "-"), "ideals": False, "min_share": None, "gap": None}
    ideals = all(p["ideal_status"] == "optimal" for p in plan.get("stakeholders", []) if not p.get("left_out"))
    agreement = plan.get("agreement", {})
    return {"status": plan["status"], "ideals": ideals, "min_share": agreement.get("min_share"),
            "gap": plan["objective"].get("gap")}


def small_files(args):
    """The bench files chosen by --only and --max-systems."""
    chosen = []
    for name in sorted(os.listdir(args.small)):
        if not (name.startswith("bench-") and name.endswith(".json") and args.only in name):
            continue
        if args.max_systems and len(json.load(open(os.path.join(args.small, name)))["systems"]) > args.max_systems:
            continue
        chosen.append(name)
    return chosen


def highs_ideals(args):
    """Every party's ideal program, exported by smm, proven by HiGHS alone (peers.run_highs)."""
    from peers import run_highs
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for name in small_files(args):
            base = json.load(open(os.path.join(args.small, name)))
            for count in (2, 3):
                path = os.path.join(directory, f"{name[:-5]}-{count}p.json")
                scenario = with_parties(base, count, "max-min", not args.no_party_budgets)
                json.dump(scenario, open(path, "w"))
                seconds, proven, infeasible = 0.0, True, False
                for party in scenario["stakeholders"]:
                    model = os.path.join(directory, "ideal.lp")
                    subprocess.run([args.smm, "export-model", path, "--ideal", party["id"], "-f", "lp", "-o", model],
                                   check=True, capture_output=True)
                    highs = run_highs(model, args.limit, relative_gap=0)
                    status = highs["status"].removeprefix("k")
                    seconds += highs["seconds"]
                    infeasible |= status == "Infeasible"
                    proven &= status in ("Optimal", "Infeasible")
                    if infeasible:
                        break
                rows.append((seconds, proven, infeasible))
                print(f"{name:28} {count}p ideals {'infeasible' if infeasible else 'proven' if proven else 'UNPROVEN':10}"
                      f" HiGHS alone {seconds:6.2f} s (sum over the parties)", flush=True)
    times = [r[0] for r in rows]
    print(f"\n{len(rows)} scenarios: every ideal proven by HiGHS alone in {sum(r[1] for r in rows)} "
          f"({sum(r[2] for r in rows)} infeasible); the ideals' summed time, median {statistics.median(times):.2f} s "
          f"(an unproven ideal counts its {args.limit:g} s)")


def small(args):
    files = small_files(args)
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for name in files:
            base = json.load(open(os.path.join(args.small, name)))
            for count in (2, 3):
                for rule in args.rules.split(","):
                    path = os.path.join(directory, f"{name[:-5]}-{count}p-{rule}.json")
                    json.dump(with_parties(base, count, rule, not args.no_party_budgets), open(path, "w"))
                    default, t_default, _ = negotiate(args.smm, path, args.limit)
                    glpk, t_glpk, _ = negotiate(args.smm, path, args.limit, engine="glpk") if args.glpk \
                        else ({"status": "-", "objective": {}}, float("nan"), "")
                    a, b = summary(default), summary(glpk)
                    rows.append((name, count, rule, a, t_default, b, t_glpk))
                    print(f"{name:28} {count}p {rule:8} default {a['status']:8} ideals "
                          f"{'proven' if a['ideals'] else 'UNPROVEN':8} share {a['min_share'] or 0:.4f} "
                          f"{t_default:6.2f} s | glpk {b['status']:8} gap {b['gap'] or 0:.4f} {t_glpk:6.2f} s",
                          flush=True)
                    if a["status"] == "optimal" and b["status"] == "optimal" and \
                            abs((a["min_share"] or 0) - (b["min_share"] or 0)) > 1e-6 and rule == "max-min":
                        print(f"  DISAGREE: {a['min_share']} vs {b['min_share']}")
    for rule in args.rules.split(","):
        chosen = [r for r in rows if r[2] == rule]
        proven = [r for r in chosen if r[3]["status"] == "optimal" and r[3]["ideals"]]
        glpk_proven = [r for r in chosen if r[5]["status"] == "optimal" and r[5]["ideals"]]
        times = [r[4] for r in chosen]
        both = [r[6] / r[4] for r in chosen if r[3]["status"] == "optimal" and r[5]["status"] == "optimal"]
        if not args.glpk:
            print(f"\n{rule}: {len(chosen)} scenarios (2 and 3 parties): {len(proven)} proven (ideals and "
                  f"agreement); whole negotiate median {statistics.median(times):.2f} s, worst {max(times):.2f} s")
            continue
        print(f"\n{rule}: {len(chosen)} scenarios (2 and 3 parties)")
        print(f"  default engines: {len(proven)} proven (ideals and agreement); whole negotiate median "
              f"{statistics.median(times):.2f} s, worst {max(times):.2f} s")
        print(f"  GLPK alone: {len(glpk_proven)} proven; median {statistics.median([r[6] for r in chosen]):.2f} s"
              + (f"; median ratio GLPK / default over {len(both)} both proved: {statistics.median(both):.2f}"
                 if both else ""))


def portfolios(args):
    with tempfile.TemporaryDirectory() as directory:
        for size in args.portfolio.split(","):
            shape, limit = size.split(":")
            systems, quarters = shape.split("x")
            path = os.path.join(directory, f"p{shape}.yaml")
            subprocess.run([args.smm, "generate", "--systems", systems, "--quarters", quarters, "--seed", "1",
                            "-o", path], check=True)
            scenario = yaml.safe_load(open(path))
            scenario["stakeholders"] = parties(scenario, 3)
            scenario["stakeholders"][0]["system_weights"] = {
                s["id"]: 3 for i, s in enumerate(scenario["systems"]) if i % 3 == 0}
            for rule in args.rules.split(","):
                scenario["agreement"] = {"rule": rule}
                out = os.path.join(directory, f"p{shape}-{rule}.json")
                json.dump(scenario, open(out, "w"))
                timed = os.path.join(directory, "time.txt")
                plan, seconds, _ = negotiate(args.smm, out, limit, wrapper=("/usr/bin/time", "-f", "%M", "-o", timed))
                memory = int(open(timed).read().strip().splitlines()[-1]) / 1024
                s = summary(plan)
                print(f"{shape} 3 parties {rule:8}: {s['status']:8} min share {s['min_share'] or 0:.4f} gap "
                      f"{(s['gap'] or 0) * 100:.3f}% ideals {'proven' if s['ideals'] else 'unproven'}; "
                      f"{seconds:.1f} s (limit {limit}), peak {memory:.0f} MiB; engine {plan['solver']['engine']}",
                      flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", default=os.path.join(ROOT, "..", "shared", "bench", "small"))
    parser.add_argument("--limit", type=float, default=60)
    parser.add_argument("--rules", default="max-min")
    parser.add_argument("--portfolio", default="")
    parser.add_argument("--only", default="", help="only the bench files whose name contains this")
    parser.add_argument("--glpk", action="store_true", help="also negotiate with GLPK alone, for the ratio")
    parser.add_argument("--smm", default=os.path.join(ROOT, ".build", "release", "smm"))
    parser.add_argument("--highs-ideals", action="store_true", help="HiGHS alone on each party's ideal program")
    parser.add_argument("--no-party-budgets", action="store_true", help="the recipe without the parties' budgets")
    parser.add_argument("--max-systems", type=int, default=0, help="only the bench files with at most this many systems")
    args = parser.parse_args()
    if args.portfolio:
        portfolios(args)
    elif args.highs_ideals:
        highs_ideals(args)
    else:
        small(args)


if __name__ == "__main__":
    main()
