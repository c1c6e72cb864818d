"""Evaluation against a known truth: NDCG@10 versus each pair's true expected gain.

The imitation metric (:func:`matching.evaluate`) scores a ranking against the positions people
were actually referred to, so it mostly measures "predict what the caseworker chose": a perfect
ranker can score below one that copies the caseworker. In a world with a known truth
(:mod:`matching.world`) every candidate's whole eligible pool can be scored instead: relevance is
the pair's expected gain ``E[2**label - 1]`` and the ideal ranking is the true best ten.

Protocol: fit on the oldest ``train_share`` of outcomes; draw ``n_eval`` candidates at random
(with or without history); rank every position with a free seat that they may be shown; report
the mean NDCG@10 with a percentile bootstrap interval over candidates, the imitation NDCG@10 on
the held-out referrals next to it, and paired bootstrap intervals of differences.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .eligibility import eligible_positions
from .evaluate import baseline_tops, ndcg_at
from .index import PositionIndex
from .ranker import Ranker

DISCOUNT = 1.0 / np.log2(np.arange(2, 12))


@dataclass(frozen=True)
class TruthRow:
    """One method's NDCG@10 against true gain (with a 95 % interval) and its imitation NDCG@10."""

    name: str
    ndcg10: float
    low: float
    high: float
    imitation: float


@dataclass
class TruthResult:
    rows: list
    per_candidate: dict
    seed: int
    n_train: int
    n_eval: int

    def row(self, name: str) -> TruthRow:
        return next(r for r in self.rows if r.name == name)

    def difference(self, a: str, b: str, n_boot: int = 1000) -> tuple[float, float, float]:
        """Mean paired difference ``a - b`` with a 95 % bootstrap interval."""
        d = self.per_candidate[a] - self.per_candidate[b]
        lo, hi = _bootstrap(d, n_boot, self.seed)
        return float(d.mean()), lo, hi


def _bootstrap(values: np.ndarray, n_boot: int, seed: int) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), (n_boot, len(values)))].mean(1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def evaluate_truth(world, fitted: dict[str, Callable[[], Ranker]] | None = None, train_share: float = 0.8,
                   n_eval: int = 300, k: int = 10, seed: int = 0, n_boot: int = 1000) -> TruthResult:
    """NDCG@10 against true gain for fitted rankers (name -> factory), cold start and baselines."""
    fitted = fitted or {"fitted": Ranker}
    cands, positions, outcomes = world.candidates, world.positions, world.outcomes
    # Outcomes name the people as they were when referred (``world.referred``); people are ranked
    # as they are now (``world.candidates``).
    known = cands + list(getattr(world, "referred", []))
    n_train = int(len(outcomes) * train_share)
    train, test = outcomes[:n_train], outcomes[n_train:]
    pool = [dataclasses.replace(p, seats=max(p.seats, 1), open_referrals=0) for p in positions]
    index = PositionIndex(pool)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(cands))
    evaluated, masks = [], {}
    for i in order:
        m = eligible_positions(cands[i], index)
        if m.any():
            evaluated.append(int(i))
            masks[int(i)] = m
        if len(evaluated) == n_eval:
            break
    gains = {i: world.true_gain(np.full(index.n, i), np.arange(index.n)) for i in evaluated}
    ideal = {i: (np.sort(g[masks[i]])[::-1][:k] * DISCOUNT[:min(k, masks[i].sum())]).sum()
             for i, g in gains.items()}
    row_of = {pid: r for r, pid in enumerate(index.ids)}

    # The imitation metric: held-out referrals, as ``matching.evaluate`` scores them.
    by_id = {c.id: c for c in known}
    relevance: dict = {}
    for o in test:
        rel = relevance.setdefault(o.candidate_id, {})
        rel[o.position_id] = max(rel.get(o.position_id, 0), o.label)
    relevance = dict([(c, r) for c, r in relevance.items() if max(r.values()) >= 1][:n_eval])
    imitated = [by_id[c] for c in relevance]

    tops_truth, tops_imit = {}, {}
    rankers = {name: make().fit(known, positions, train) for name, make in fitted.items()}
    rankers["cold_start"] = Ranker()
    for name, r in rankers.items():
        tops_truth[name] = {i: [m.id for m in r.rank(cands[i], index, k)] for i in evaluated}
        tops_imit[name] = {c.id: [m.id for m in r.rank(c, index, k)] for c in imitated}
    ev = [cands[i] for i in evaluated]
    base_truth = baseline_tops(ev, pool, positions, train, k, seed)
    base_imit = baseline_tops(imitated, pool, positions, train, k, seed)
    for name in base_truth:
        tops_truth[name] = {i: base_truth[name][cands[i].id] for i in evaluated}
        tops_imit[name] = base_imit[name]

    rows, per = [], {}
    for name, tops in tops_truth.items():
        scores = np.array([
            (gains[i][[row_of[p] for p in tops[i]]] * DISCOUNT[:len(tops[i])]).sum() / ideal[i]
            if ideal[i] > 0 else 0.0 for i in evaluated])
        per[name] = scores
        lo, hi = _bootstrap(scores, n_boot, seed)
        imit = float(np.mean([ndcg_at(tops_imit[name].get(c, []), rel, k) for c, rel in relevance.items()])
                     ) if relevance else math.nan
        rows.append(TruthRow(name, float(scores.mean()), lo, hi, imit))
    return TruthResult(rows, per, world.seed, n_train, len(evaluated))


def format_truth(result: TruthResult) -> str:
    """Plain-text table of a :class:`TruthResult`."""
    head = f"{'method':<14} {'NDCG@10 vs true gain':>22} {'95% interval':>16} {'imitation NDCG@10':>18}"
    lines = [head, "-" * len(head)]
    for r in result.rows:
        lines.append(f"{r.name:<14} {r.ndcg10:>22.3f} {f'{r.low:.3f}-{r.high:.3f}':>16} {r.imitation:>18.3f}")
    return "\n".join(lines)
