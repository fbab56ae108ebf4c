#!/usr/bin/env python3
"""HiGHS alone on a program `smm export-model` wrote (LP format), optionally with families of rows
freed (their bounds removed), to see which rows make a program hard.

Usage: python3 Benchmarks/highs_model.py MODEL.lp [--free PREFIX[,PREFIX...]] [--time-limit 60] [--threads 1]
  e.g. smm export-model S.json --ideal operator -f lp -o op.lp
       python3 Benchmarks/highs_model.py op.lp --free pays0_     (the operator's payment rows)
Prints HiGHS's status, plan value, bound, seconds and nodes. Needs `pip install highspy`.
"""
import argparse
import time

import highspy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--free", default="", help="row name prefixes whose rows are freed")
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", args.threads)
    h.setOptionValue("time_limit", args.time_limit)
    h.readModel(args.model)
    prefixes = [p for p in args.free.split(",") if p]
    freed = 0
    for i, name in enumerate(h.getLp().row_names_):
        if any(name.startswith(p) for p in prefixes):
            h.changeRowBounds(i, -highspy.kHighsInf, highspy.kHighsInf)
            freed += 1
    started = time.time()
    h.run()
    info = h.getInfo()
    print(f"{args.model}: {freed} rows freed; {h.modelStatusToString(h.getModelStatus())}, "
          f"value {info.objective_function_value:.4f}, bound {info.mip_dual_bound:.4f}, "
          f"{time.time() - started:.1f} s, {info.mip_node_count} nodes, "
          f"{h.getNumCol()} columns, {h.getNumRow()} rows")


if __name__ == "__main__":
    main()
