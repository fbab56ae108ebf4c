#!/usr/bin/env python3
"""Draws small scenarios the way real assessments look, as held-out programs for Benchmarks/small.py.

The distribution follows the description of the shared benchmark set: one to four systems over six
or eight quarters; every practice of every system with a gap of 0-3 levels, about a third with
scope steps (scope weight 0.5); system weights and domain priorities of 1-3; a per-system cost
override now and then; carry-over in about half; an effort limit in most; dependencies and up to
three deadlines. `tight` budgets carry about a third of the gap's cost over the horizon, `loose`
about four fifths; `minimize-cost` scenarios get more (every target must be reached), and some of
them are infeasible, as users' are. Same seed, same files.

Usage: python3 Benchmarks/draw_small.py OUT_DIR [--seeds 1,2] [--systems 2,3,4] [--quarters 6,8]
"""
import argparse
import json
import os
import random

PRACTICES = {
    "governance": ["security-program-management", "compliance-management", "threat-modeling", "risk-attitude",
                   "product-supply-chain-risk-management", "services-third-party-dependencies-management"],
    "enablement": ["establishing-and-maintaining-identities", "access-control",
                   "asset-change-and-configuration-management", "physical-protection",
                   "security-model-and-policy-for-data", "implementation-of-data-protection-controls"],
    "hardening": ["vulnerability-assessment", "patch-management", "monitoring-practices",
                  "situational-awareness-and-information-sharing", "event-detection-and-response-plan",
                  "remediation-recovery-and-continuity-of-operations"],
}
ALL = [p for ps in PRACTICES.values() for p in ps]
LEVEL_COST = {1: 3000, 2: 8000, 3: 20000, 4: 45000}
SCOPE_COST = {"industry": 4000, "system": 9000}
LEVEL_EFFORT = {1: 2, 2: 5, 3: 12, 4: 25}
SCOPE_EFFORT = {"industry": 3, "system": 6}
SCOPES = ["general", "industry", "system"]


def draw(rng, n, quarters, mode, objective):
    systems, gap_cost, gap_effort = [], 0, 0
    for i in range(n):
        practices, overrides = {}, {}
        for p in ALL:
            current = rng.randint(0, 4)
            target = min(4, current + rng.choice([0, 1, 1, 2, 2, 3]))
            rating = {"current": current, "target": target}
            for level in range(current + 1, target + 1):
                gap_cost += LEVEL_COST[level]
                gap_effort += LEVEL_EFFORT[level]
            if rng.random() < 1 / 3:
                scope = rng.randint(0, 1)
                target_scope = rng.randint(scope + 1, 2)
                rating["scope"], rating["target_scope"] = SCOPES[scope], SCOPES[target_scope]
                for k in range(scope + 1, target_scope + 1):
                    gap_cost += SCOPE_COST[SCOPES[k]]
                    gap_effort += SCOPE_EFFORT[SCOPES[k]]
            practices[p] = rating
        system = {"id": f"sys-{i:04d}", "name": f"System {i}", "weight": rng.randint(1, 3), "practices": practices}
        if rng.random() < 0.4:
            p = rng.choice(ALL)
            factor = rng.uniform(1.0, 2.0)
            overrides[p] = {"level": {str(k): int(v * factor * rng.uniform(0.9, 1.1)) for k, v in LEVEL_COST.items()}}
            system["costs"] = overrides
        systems.append(system)
    share = {"tight": rng.uniform(0.27, 0.38), "loose": rng.uniform(0.7, 0.9)}[mode]
    if objective == "minimize-cost":
        share = {"tight": rng.uniform(1.0, 1.3), "loose": rng.uniform(1.4, 2.0)}[mode]
    doc = {
        "format": "smm-scenario/1", "name": f"drawn n={n} H={quarters} {mode} {objective}", "catalog": "iic-smm",
        "start": "2027-Q1", "quarters": quarters, "objective": objective,
        "budget": {"quarterly": round(gap_cost * share / quarters, 2)},
        "priorities": {d: rng.randint(1, 3) for d in ("enablement", "governance", "hardening")},
        "scope_weight": 0.5,
        "costs": {"level": {str(k): v for k, v in LEVEL_COST.items()}, "scope": SCOPE_COST},
        "effort": {"level": {str(k): v for k, v in LEVEL_EFFORT.items()}, "scope": SCOPE_EFFORT},
        "systems": systems,
    }
    if rng.random() < 0.5:
        doc["budget"]["carry_over"] = True
    if rng.random() < 0.7:
        doc["effort_capacity"] = {"quarterly": round(gap_effort * share * rng.uniform(0.9, 1.2) / quarters, 2)}
    dependencies = []
    for _ in range(rng.randint(1, 3)):
        a, b = rng.sample(ALL, 2)
        dependencies.append({"practice": a, "level": rng.randint(2, 4), "requires": {"practice": b,
                                                                                   "level": rng.randint(1, 3)}})
    doc["dependencies"] = dependencies
    deadlines = []
    for _ in range(rng.randint(2, 3)):
        system = rng.choice(systems)
        raised = [p for p, r in system["practices"].items() if r["target"] > r["current"]]
        if not raised:
            continue
        p = rng.choice(raised)
        r = system["practices"][p]
        by = rng.randint(2, quarters)
        deadlines.append({"system": system["id"], "practice": p, "level": rng.randint(r["current"] + 1, r["target"]),
                          "by": f"{2027 + (by - 1) // 4}-Q{(by - 1) % 4 + 1}"})
    doc["deadlines"] = deadlines
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--systems", default="2,3,4")
    parser.add_argument("--quarters", default="6,8")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for seed in map(int, args.seeds.split(",")):
        for n in map(int, args.systems.split(",")):
            for quarters in map(int, args.quarters.split(",")):
                for mode in ("tight", "loose"):
                    for objective in ("maximize-maturity", "minimize-cost"):
                        if objective == "minimize-cost" and (seed + n + quarters) % 3:
                            continue  # fewer minimize-cost programs, as in the shared set
                        rng = random.Random(f"{seed}-{n}-{quarters}-{mode}-{objective}")
                        doc = draw(rng, n, quarters, mode, objective)
                        name = f"drawn-s{seed}-n{n}-h{quarters}-{mode}-{objective.split('-')[1][:3]}.json"
                        with open(os.path.join(args.out, name), "w") as out:
                            json.dump(doc, out, indent=1)


if __name__ == "__main__":
    main()
