"""Speed and quality figures of the matching library on synthetic worlds.

Run: ``python bench/bench_ranking.py`` (from the project root). Prints fit
time on 200,000 outcomes, median/p95 latency of ``rank`` over 10,000
positions and of ``rank_candidates`` over 100,000 candidates, and NDCG@10 of
the fitted ranker against the cold start and baselines.
Targets: rank <= 5 ms, rank_candidates <= 50 ms, fit <= 30 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from matching import Ranker, evaluate, format_table, make_world  # noqa: E402


def _timed(fn, repeats):
    times = []
    for i in range(repeats):
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times)), float(np.percentile(times, 95))


def main(argv=None) -> None:
    """Build the worlds, time the operations and print a table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--candidates", type=int, default=100_000)
    ap.add_argument("--positions", type=int, default=10_000)
    ap.add_argument("--outcomes", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=200)
    ap.add_argument("--model", default="linear", choices=("linear", "hgb"))
    args = ap.parse_args(argv)

    t = time.perf_counter()
    cands, positions, outcomes = make_world(args.candidates, args.positions, args.outcomes, seed=1)
    print(f"world: {len(cands)} candidates, {len(positions)} positions, "
          f"{len(outcomes)} outcomes ({time.perf_counter() - t:.1f} s to generate)")

    rows = []
    t = time.perf_counter()
    ranker = Ranker(model=args.model).fit(cands, positions, outcomes)
    fit_s = time.perf_counter() - t
    rows.append(("fit", f"{len(outcomes)} outcomes", f"{fit_s:.2f} s", "", "<= 30 s"))

    for name, r in (("fitted", ranker), ("cold", Ranker())):
        t = time.perf_counter()
        r.rank(cands[0], positions, 10)  # builds and caches the position index
        build_s = time.perf_counter() - t
        med, p95 = _timed(lambda i: r.rank(cands[1 + i], positions, 10), args.repeats)
        rows.append((f"rank ({name})", f"{len(positions)} positions",
                     f"{med:.2f} ms", f"{p95:.2f} ms", f"<= 5 ms (index {build_s:.1f} s once)"))
        t = time.perf_counter()
        r.rank_candidates(positions[0], cands, 10)
        build_s = time.perf_counter() - t
        n = max(args.repeats // 4, 10)
        med, p95 = _timed(lambda i: r.rank_candidates(positions[1 + i], cands, 10), n)
        rows.append((f"rank_candidates ({name})", f"{len(cands)} candidates",
                     f"{med:.2f} ms", f"{p95:.2f} ms", f"<= 50 ms (index {build_s:.1f} s once)"))

    print()
    print(f"{'operation':<26} {'size':<20} {'median':>10} {'p95':>10}  target")
    for op, size, med, p95, target in rows:
        print(f"{op:<26} {size:<20} {med:>10} {p95:>10}  {target}")

    print("\nquality: make_world(3000, 1200, 12000, seed=7), last 20 % of outcomes held out")
    c, p, o = make_world(3000, 1200, 12000, seed=7)
    t = time.perf_counter()
    result = evaluate(c, p, o, model=args.model)
    print(format_table(result))
    print(f"n_train={result.n_train} n_test={result.n_test} "
          f"candidates evaluated={result.n_candidates} ({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main()
