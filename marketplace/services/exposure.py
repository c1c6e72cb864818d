"""The exposure log: which suggestions were shown to whom, where, at which rank and score.

Outcomes alone teach a model to imitate past choices; knowing what people were shown (and did
not pick) lets matching learn what works. Rows are compact and kept KEEP_DAYS.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import delete, insert

from .. import clock
from ..extensions import db
from ..models import Exposure, User
from . import ranking

KEEP_DAYS = 180


def record_positions(viewer: User | None, surface: str, candidate_id: int,
                     suggestions: Iterable[ranking.Suggestion]) -> int:
    """Log the positions shown to (or for) one person, in the order shown."""
    return _write(viewer, surface, [(candidate_id, s.position.id, s.match.score) for s in suggestions])


def record_candidates(viewer: User | None, surface: str, position_id: int,
                      ranked: Iterable[ranking.RankedCandidate]) -> int:
    """Log the people shown for one position, in the order shown."""
    return _write(viewer, surface, [(r.profile.id, position_id, r.match.score) for r in ranked])


def _write(viewer: User | None, surface: str, shown: list[tuple[int, int, float]]) -> int:
    if not shown:
        return 0
    now, version = clock.now(), ranking.model_version()[:64]
    db.session.execute(insert(Exposure), [
        {"shown_at": now, "viewer_id": viewer.id if viewer else None, "surface": surface,
         "candidate_id": c, "position_id": p, "rank": rank, "score": float(score),
         "model_version": version}
        for rank, (c, p, score) in enumerate(shown, start=1)
    ])
    return len(shown)


def purge(now=None) -> int:
    """Delete rows older than KEEP_DAYS; returns how many."""
    cutoff = (now or clock.now()) - timedelta(days=KEEP_DAYS)
    return db.session.execute(delete(Exposure).where(Exposure.shown_at < cutoff)).rowcount
