"""Seat-respecting assignment of a group of candidates to positions."""
from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from .eligibility import pair_exclusions
from .types import Assignment, Candidate, Position

_PROHIBITIVE = 1e6


def plan(candidates: Sequence[Candidate], positions: Sequence[Position], ranker,
         max_seats_per_position: int = 20, per_candidate: int = 50,
         min_score: float = 0.0) -> list[Assignment]:
    """Propose at most one position per candidate, never more than its seats.

    Solves a linear assignment with one column per open seat (copies of the
    position's column), maximising the total score. Ineligible pairs cost a
    prohibitive amount and are dropped from the answer, so a candidate with
    no eligible position stays unassigned.

    The problem is kept bounded: seats per position are capped at
    ``min(seats, len(candidates), max_seats_per_position)`` and only positions
    in some candidate's top ``per_candidate`` are considered.
    Returns assignments sorted by score, best first.
    """
    candidates, positions = list(candidates), list(positions)
    if not candidates or not positions:
        return []
    scores = np.vstack([ranker.score_all(c, positions) for c in candidates])
    finite = np.where(np.isfinite(scores), scores, -np.inf)
    keep = np.zeros(len(positions), dtype=bool)
    top = min(per_candidate, len(positions))
    for row in finite:
        best = np.argpartition(-row, top - 1)[:top]
        keep[best[np.isfinite(row[best])]] = True
    seats = np.array([max(int(p.seats or 0), 0) for p in positions])
    cap = np.where(keep, np.minimum(seats, min(len(candidates), max_seats_per_position)), 0)
    cols = np.repeat(np.arange(len(positions)), cap)
    if len(cols) == 0:
        return []
    sub = scores[:, cols]
    cost = np.where(np.isfinite(sub), -sub, _PROHIBITIVE)
    rows, picked = linear_sum_assignment(cost)
    out = []
    for r, c in zip(rows, picked, strict=True):
        s = sub[r, c]
        # Fail closed: each proposed pair is re-checked on the items themselves.
        if np.isfinite(s) and s >= min_score and not pair_exclusions(candidates[r], positions[cols[c]]):
            out.append(Assignment(candidates[r].id, positions[cols[c]].id, float(s)))
    out.sort(key=lambda a: -a.score)
    return out
