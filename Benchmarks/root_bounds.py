#!/usr/bin/env python3
"""How much stronger than the LP relaxation can a root bound from the quarter knapsacks be?

The experiment behind item 2 of issue #11, kept so that anyone can repeat it. For each generated
portfolio (carry-over off: each quarter has its own budget and effort rows), on the model that
`smm export-model` writes:

- LP: the LP relaxation (HiGHS's simplex).
- covers: the LP with GUB cover cuts on every budget and effort row (at most one step of a ladder
  per quarter), separated exactly by a dynamic program and added in rounds until none is violated.
- hull: the LP over the convex hull of each quarter's knapsack (budget and effort rows together,
  one step per ladder), by Dantzig-Wolfe column generation with a dynamic-programming pricer. This
  is the strongest bound that cuts derived from single quarters can give; one cut per quarter,
  from the final duals, reproduces it.
- fixed: how many columns reduced-cost fixing with the hull's duals removes, given the optimum.
- row MIR: the LP with c-MIR cuts of single quarter rows (complementing the steps at or above
  one half, divisors the fractional steps' coefficients and their halves, quarters and eighths),
  in rounds until none is violated; and the Lagrangian bound at that LP's duals (quarter
  knapsacks kept, every other row priced), as a node could compute it from its own LP.
- HiGHS pool: the LP with the cuts in HiGHS's pool after its root node (presolve off, so that
  the cuts are in the model's columns), read through its cut-pool callback.

A program is systems x quarters : seed, optionally : tight or : loose for proof.py's variants
(budget and effort x 0.6 or x 1.6, two deadlines); the default is the generated portfolio as is.

Usage: python3 Benchmarks/root_bounds.py [--programs 3x8:1,3x8:1:tight,3x8:2:loose]
                                         [--optimum 548.875,403.75,828.625]
Needs: pip install highspy numpy; smm built (swift build -c release).
"""
import argparse
import math
import os
import re
import subprocess
import tempfile

import highspy
import numpy as np

from proof import scenario as proof_scenario


class Program:
    """The exported model, its quarter knapsacks and ladder groups, read back by column names."""

    def __init__(self, path):
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.h.readModel(path)
        lp = self.h.getLp()
        self.lp = lp
        self.n, self.m = lp.num_col_, lp.num_row_
        self.names = [self.h.getColName(j)[1] for j in range(self.n)]
        self.row_names = [self.h.getRowName(i)[1] for i in range(self.m)]
        self.rows = [[] for _ in range(self.m)]
        a = lp.a_matrix_
        for j in range(self.n):
            for k in range(a.start_[j], a.start_[j + 1]):
                self.rows[a.index_[k]].append((j, a.value_[k]))
        self.quarter = [int(re.search(r"_q(\d+)$", name).group(1)) for name in self.names]
        # A ladder: one system's level (or scope) steps of one practice.
        self.ladder = [re.sub(r"\d+_q\d+$", "", name) for name in self.names]
        self.horizon = max(self.quarter)
        self.cost, self.effort = np.zeros(self.n), np.zeros(self.n)
        self.budget, self.capacity = {}, {}
        self.knapsack_rows = set()
        for i, name in enumerate(self.row_names):
            match = re.match(r"(budget|effort)_q(\d+)$", name)
            if not match:
                continue
            self.knapsack_rows.add(i)
            t = int(match.group(2))
            for j, a in self.rows[i]:
                (self.cost if match.group(1) == "budget" else self.effort)[j] = a
            (self.budget if match.group(1) == "budget" else self.capacity)[t] = self.lp.row_upper_[i]
        costs = [int(c) for c in self.cost if c > 0]
        self.unit = int(np.gcd.reduce(costs)) if costs else 1

    def best_pattern(self, t, price):
        """The steps of quarter t, at most one per ladder, within its budget and effort, of the
        largest total price: a dynamic program over (money in units of the costs' gcd, effort)."""
        width = int(self.budget.get(t, 0)) // self.unit
        depth = int(self.capacity.get(t, 0))
        best = np.full((width + 1, depth + 1), -1e18)
        best[0, 0] = 0
        groups = {}
        for j in range(self.n):
            if self.quarter[j] == t and price[j] > 1e-12:
                groups.setdefault(self.ladder[j], []).append(j)
        choices = []
        for members in groups.values():
            after, chosen = best.copy(), np.full(best.shape, -1)
            for j in members:
                c, e = int(self.cost[j]) // self.unit, int(self.effort[j])
                if c > width or e > depth:
                    continue
                candidate = np.full(best.shape, -1e18)
                candidate[c:, e:] = best[:width + 1 - c, :depth + 1 - e] + price[j]
                better = candidate > after + 1e-12
                after[better], chosen[better] = candidate[better], j
            choices.append(chosen)
            best = after
        w, e = np.unravel_index(np.argmax(best), best.shape)
        value, picked = best[w, e], []
        for chosen in reversed(choices):
            j = chosen[w, e]
            if j >= 0:
                picked.append(j)
                w, e = w - int(self.cost[j]) // self.unit, e - int(self.effort[j])
        return value, picked

    def lp_bound(self):
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(self.lp)
        h.changeColsIntegrality(self.n, np.arange(self.n, dtype=np.int32), np.zeros(self.n, dtype=np.uint8))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.run()
        return h, h.getInfo().objective_function_value

    def cover_bound(self, rounds=50):
        """GUB covers: for a row sum a_j x_j <= b, a set C of ladders (one step each) with weight
        above b gives sum over C (and the heavier steps of each chosen ladder) of x <= |C| - 1."""
        h, value = self.lp_bound()
        for _ in range(rounds):
            x = np.array(h.getSolution().col_value)
            cuts = []
            for i in self.knapsack_rows:
                weights = dict(self.rows[i])
                unit = int(np.gcd.reduce([int(a) for a in weights.values()]))
                need = int(self.lp.row_upper_[i]) // unit + 1
                cost = [np.inf] * (need + 1)
                cover = [()] * (need + 1)
                cost[0] = 0.0
                groups = {}
                for j in weights:
                    groups.setdefault(self.ladder[j], []).append(j)
                for members in groups.values():
                    after, picked = cost[:], cover[:]
                    for w in range(need + 1):
                        if cost[w] == np.inf:
                            continue
                        for j in members:
                            u = min(need, w + int(weights[j]) // unit)
                            if cost[w] + 1 - x[j] < after[u] - 1e-12:
                                after[u], picked[u] = cost[w] + 1 - x[j], cover[w] + (j,)
                    cost, cover = after, picked
                if cost[need] < 1 - 1e-4:
                    terms = sorted({k for j in cover[need] for k in groups[self.ladder[j]]
                                    if weights[k] >= weights[j]})
                    if sum(x[k] for k in terms) > len(cover[need]) - 1 + 1e-4:
                        cuts.append((terms, len(cover[need]) - 1))
            if not cuts:
                break
            for terms, rhs in cuts:
                h.addRow(-highspy.kHighsInf, rhs, len(terms), np.array(terms, dtype=np.int32), np.ones(len(terms)))
            h.run()
            value = h.getInfo().objective_function_value
        return value

    def mir_cut(self, i, x):
        """The most violated c-MIR cut of row i (sum a_j x_j <= b, x binary) at x, or None."""
        items, b = self.rows[i], self.lp.row_upper_[i]
        flipped = {j for j, _ in items if x[j] >= 0.5}  # x_j = 1 - xbar_j
        beta = b - sum(a for j, a in items if j in flipped)
        divisors = {a / d for j, a in items if 1e-6 < x[j] < 1 - 1e-6 for d in (1, 2, 4, 8)}
        best = None
        for delta in divisors | {a for _, a in items}:
            f = beta / delta - math.floor(beta / delta)
            if not 0.05 < f < 0.95:
                continue
            coef, rhs = {}, math.floor(beta / delta)
            for j, a in items:
                scaled = (-a if j in flipped else a) / delta
                g = math.floor(scaled) + max(0.0, scaled - math.floor(scaled) - f) / (1 - f)
                coef[j] = -g if j in flipped else g
                rhs -= g if j in flipped else 0
            violation = sum(v * x[j] for j, v in coef.items()) - rhs
            efficacy = violation / max(1e-9, math.sqrt(sum(v * v for v in coef.values())))
            if violation > 1e-4 and (best is None or efficacy > best[0]):
                best = (efficacy, coef, rhs)
        return best and best[1:]

    def mir_bound(self, rounds=200):
        """LP with rounds of single-row c-MIR cuts; then the Lagrangian bound at its duals."""
        h, value = self.lp_bound()
        for _ in range(rounds):
            x = np.array(h.getSolution().col_value)
            cuts = [cut for i in self.knapsack_rows if (cut := self.mir_cut(i, x))]
            if not cuts:
                break
            for coef, rhs in cuts:
                h.addRow(-highspy.kHighsInf, rhs, len(coef), np.array(list(coef), dtype=np.int32),
                         np.array(list(coef.values())))
            h.run()
            value = h.getInfo().objective_function_value
        # Lagrangian: price every original row but the knapsacks (the cuts are valid for every
        # quarter's step sets, so they are dropped), and take each quarter's best step set.
        dual = np.array(h.getSolution().row_dual)
        price, constant = np.array(self.lp.col_cost_, dtype=float), self.lp.offset_
        for i in range(self.m):
            if i in self.knapsack_rows or abs(dual[i]) < 1e-12:
                continue
            for j, a in self.rows[i]:
                price[j] -= dual[i] * a
            constant += dual[i] * (self.lp.row_upper_[i] if dual[i] > 0 else self.lp.row_lower_[i])
        lagrange = constant + sum(max(0.0, self.best_pattern(t, price)[0]) for t in range(1, self.horizon + 1))
        return value, lagrange

    def highs_pool_bound(self, path):
        """The LP with the cuts in HiGHS's pool after its root node (presolve off)."""
        pools = []
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("threads", 1)
        h.setOptionValue("mip_max_nodes", 1)
        h.readModel(path)

        def keep(_kind, _message, data, _data_in, _user):
            pools.append((list(data.cutpool_start), list(data.cutpool_index), list(data.cutpool_value),
                          list(data.cutpool_lower), list(data.cutpool_upper)))
        h.setCallback(keep, None)
        h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipGetCutPool)
        h.run()
        lp, _ = self.lp_bound()
        if not pools:
            return None, 0
        start, index, value, lower, upper = pools[-1]
        for c in range(len(lower)):
            cols = index[start[c]:start[c + 1]]
            lp.addRow(lower[c], upper[c], len(cols), np.array(cols, dtype=np.int32),
                      np.array(value[start[c]:start[c + 1]]))
        lp.run()
        return lp.getInfo().objective_function_value, len(lower)

    def hull_bound(self, optimum=None):
        """Dantzig-Wolfe: the rows other than the quarter knapsacks, with each quarter's columns a
        convex combination of its feasible step sets (generated by best_pattern)."""
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        inf = highspy.kHighsInf
        h.addVars(self.n, np.zeros(self.n), np.ones(self.n))
        h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), np.array(self.lp.col_cost_))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        for i in range(self.m):
            if i not in self.knapsack_rows:
                js = np.array([j for j, _ in self.rows[i]], dtype=np.int32)
                h.addRow(self.lp.row_lower_[i], self.lp.row_upper_[i], len(js), js,
                         np.array([a for _, a in self.rows[i]]))
        link = h.getNumRow()
        for j in range(self.n):
            h.addRow(0, 0, 1, np.array([j], dtype=np.int32), np.array([1.0]))
        convexity = {}
        for t in range(1, self.horizon + 1):
            convexity[t] = h.getNumRow()
            h.addRow(-inf, 1, 0, np.array([], dtype=np.int32), np.array([]))
        # Until patterns cover what the other rows (deadlines) need, x may exceed them at a penalty
        # that no optimum pays: the master is feasible from the start.
        penalty = 1 + float(np.abs(np.array(self.lp.col_cost_)).sum())
        for j in range(self.n):
            h.addCol(-penalty, 0, inf, 1, np.array([link + j], dtype=np.int32), np.array([-1.0]))
        while True:
            h.run()
            value = h.getInfo().objective_function_value + self.lp.offset_
            dual = np.array(h.getSolution().row_dual)
            price = dual[link:link + self.n]
            added = 0
            for t in range(1, self.horizon + 1):
                gain, picked = self.best_pattern(t, price)
                if gain - dual[convexity[t]] > 1e-7:
                    rows = np.array([link + j for j in picked] + [convexity[t]], dtype=np.int32)
                    h.addCol(0, 0, inf, len(rows), rows, np.array([-1.0] * len(picked) + [1.0]))
                    added += 1
            if not added:
                break
        fixed = None
        if optimum is not None:
            solution = h.getSolution()
            reduced = np.array(solution.col_dual)[:self.n]
            x = np.array(solution.col_value)[:self.n]
            assert max(np.array(solution.col_value)[self.n:2 * self.n]) < 1e-7, "artificial columns left"
            fixed = sum(1 for j in range(self.n) if (x[j] < 1e-9 and value + reduced[j] < optimum)
                        or (x[j] > 1 - 1e-9 and value - reduced[j] < optimum))
        return value, fixed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", default="3x8:1,3x8:1:tight,3x8:2:loose",
                        help="systems x quarters : seed [: tight|loose], comma-separated")
    parser.add_argument("--optimum", default="548.875,403.75,828.625", help="known optima (HiGHS proves them), for reduced-cost fixing")
    parser.add_argument("--smm", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "smm"))
    args = parser.parse_args()
    optima = [float(v) for v in args.optimum.split(",")] if args.optimum else []
    print("| program | LP | GUB covers | row MIR | Lagrange at its duals | HiGHS root pool (cuts) | quarter hull "
          "| optimum | columns fixed by the hull's prices |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for k, spec in enumerate(args.programs.split(",")):
            shape, seed, *variant = spec.split(":")
            systems, quarters = shape.split("x")
            scenario, model = os.path.join(tmp, "p.json"), os.path.join(tmp, "p.lp")
            proof_scenario(args.smm, int(systems), int(quarters), int(seed), variant[0] if variant else "generated",
                           "maximize-maturity", scenario)
            if '"carry_over": true' in open(scenario).read():
                print(f"| {spec} | (carry-over: budget rows span quarters; not a quarter knapsack) |||||")
                continue
            subprocess.run([args.smm, "export-model", scenario, "-f", "lp", "-o", model], check=True,
                           capture_output=True)
            program = Program(model)
            _, lp = program.lp_bound()  # HiGHS's objective value includes the model's constant
            covers = program.cover_bound()
            mir, lagrange = program.mir_bound()
            pool, cuts = program.highs_pool_bound(model)
            optimum = optima[k] if k < len(optima) else None
            hull, fixed = program.hull_bound(optimum)
            print(f"| {spec} | {lp:.3f} | {covers:.3f} | {mir:.3f} | {lagrange:.3f} | {pool:.3f} ({cuts}) | "
                  f"{hull:.3f} | {optimum if optimum else '-'} | {'-' if fixed is None else f'{fixed} of {program.n}'} |",
                  flush=True)


if __name__ == "__main__":
    main()
