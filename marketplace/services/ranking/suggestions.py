"""Suggestions: positions for a person, people for a position, a plan for a caseload.

The open positions are turned into the library's index once per worker and reused until the
positions version changes (see :func:`positions_version`); live seat counts (re-read when a seat is
taken or given back anywhere, see :func:`seats_version`) and live referral counts are laid over it
on each request, and the few positions finally suggested are re-read and re-checked in the
database, so a seat taken a second ago is never offered.
"""
from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
from flask import current_app, has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

import matching
from matching import Candidate, Match, PositionIndex

from ... import clock
from ...extensions import db
from ...models import CandidateProfile, Employer, Position, Referral, ReferralEvent
from ..referral_states import in_work, not_to_suggest
from .adapters import (HISTORY_STATUSES, IN_PROGRESS, open_positions_query, open_referral_counts, to_candidate,
                       to_candidates, to_position)
from .store import get_ranker

INDEX_KEY = "loive.open_positions"
POOLS_KEY = "loive.candidate_pools"
# Caseloads whose index a worker keeps (one per caseworker recently ranking people).
POOLS_KEPT = 8
VERSION_FILE = "positions.version"
SEATS_FILE = "positions.seats"
REFERRALS_FILE = "referrals.version"
CHANGED = "loive.positions_changed"
SEATS_CHANGED = "loive.seats_changed"
REFERRALS_CHANGED = "loive.referrals_changed"
_build_lock = threading.Lock()
_pools_lock = threading.Lock()


@dataclass(frozen=True)
class Suggestion:
    position: Position
    match: Match


@dataclass(frozen=True)
class RankedCandidate:
    profile: CandidateProfile
    match: Match


@dataclass(frozen=True)
class PlannedSeat:
    profile: CandidateProfile
    position: Position
    score: float


# --- the per-worker index of open positions --------------------------------------------------

def _token_file(name: str) -> Path:
    return Path(current_app.instance_path) / name


def _write_token(name: str) -> None:
    path = _token_file(name)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    tmp.write_text(uuid.uuid4().hex, encoding="ascii")
    tmp.replace(path)


def _read_token(name: str) -> str:
    try:
        return _token_file(name).read_text("ascii")
    except FileNotFoundError:
        return ""


def bump_positions_version() -> None:
    """Tell every worker (they share instance/) that a position's content changed."""
    _write_token(VERSION_FILE)


def note_seats_changed() -> None:
    """A seat was taken or given back with a conditional UPDATE (the ORM does not see it): after
    the commit every worker re-reads the seat counts it lays over its index (no rebuild)."""
    db.session.info[SEATS_CHANGED] = True


@event.listens_for(Session, "after_flush")
def _note_position_changes(session, _context) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(o, (Position, Employer)) for o in touched):
        session.info[CHANGED] = True
    # The pipeline proposes and moves referrals with conditional statements the ORM does not
    # see, but every change adds its ReferralEvent; a person removed takes their referrals along.
    if any(isinstance(o, (Referral, ReferralEvent, CandidateProfile)) for o in touched):
        session.info[REFERRALS_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session) -> None:
    changed, seats = session.info.pop(CHANGED, False), session.info.pop(SEATS_CHANGED, False)
    referrals = session.info.pop(REFERRALS_CHANGED, False)
    if has_app_context():
        if changed:
            bump_positions_version()
        if seats:
            _write_token(SEATS_FILE)
        if referrals:
            _write_token(REFERRALS_FILE)


def _version_query():
    p, e = Position, Employer
    # Every term is read from an index (primary key, status), never by scanning the table.
    return select(*(q.scalar_subquery() for q in (
        select(func.count(p.id)), select(func.max(p.id)), select(func.count(p.id)).where(p.status == "open"),
        select(func.count(e.id)).where(e.verified_at.is_not(None)),
        select(func.max(e.verified_at)))))


_VERSION_QUERY = _version_query()


def positions_version(today: date) -> tuple:
    """What the open-positions index depends on, in one cheap aggregate query plus one file read.

    The aggregate sees new, removed, reopened or closed positions and employer verification from
    any process, with no schema change; edits to a position's content or seat count are seen
    through `instance/positions.version`, rewritten after every commit that touched a position
    or an employer through the ORM. Seats being taken are not part of it (see `seats_version`):
    a hire must not make every worker rebuild its index. Either way the positions finally suggested
    are re-read and re-checked live, so the versions only decide freshness of ranking, never
    whether an excluded or full position can be shown.
    """
    row = db.session.execute(_VERSION_QUERY).one()
    return (today, *row, _read_token(VERSION_FILE))


def seats_version() -> str:
    """Changes whenever a hire takes a seat or a departure gives one back, in any worker: the seat
    counts laid over the index are re-read then (one narrow query), the index itself is kept."""
    return _read_token(SEATS_FILE)


@dataclass
class OpenPositions:
    version: tuple
    index: PositionIndex
    seats_version: str = ""
    seats: np.ndarray | None = None  # live seats left, aligned with the index

    def __post_init__(self) -> None:
        if self.seats is None:
            self.seats = self.index.seats

    def trainings(self, province: int) -> list:
        """The training seats of the index in a province, in id order (worked out once)."""
        by_province = self.__dict__.setdefault("_trainings", {})
        if province not in by_province:
            by_province[province] = sorted((p for p in self.index.items if p.kind == "training"
                                            and p.province == str(province)), key=lambda p: p.id)
        return by_province[province]

    def live_referrals(self) -> np.ndarray:
        """Referrals in progress per indexed position, kept while `instance/referrals.version`
        stays the same (rewritten after every commit that proposed, moved or removed a referral,
        in any worker): the count over every referral in progress was the largest part of the
        suggestions path (19 of 32 ms with 24,000 referrals). The token is read before the
        counts, so a change in between is read again on the next request."""
        token = _read_token(REFERRALS_FILE)
        kept = self.__dict__.get("_referrals")
        if kept is None or kept[0] != token:
            kept = self.__dict__["_referrals"] = (token, self.referrals(open_referral_counts()))
        return kept[1]

    def referrals(self, counts: dict[int, int]) -> np.ndarray:
        """Live referral counts aligned with the index."""
        out = np.zeros(self.index.n, dtype=np.int64)
        for pid, n in counts.items():
            row = self.index.row_of(pid)
            if row is not None:
                out[row] = n
        return out


def open_positions(today: date | None = None) -> OpenPositions:
    """This worker's index of open positions, rebuilt only when the positions version changes.

    One index per worker: the previous one is dropped when a new one is built.
    """
    today = today or clock.today()
    version, seats = positions_version(today), seats_version()
    cached = current_app.extensions.get(INDEX_KEY)
    if cached is not None and cached.version == version and cached.seats_version == seats:
        return cached
    with _build_lock:
        cached = current_app.extensions.get(INDEX_KEY)
        if cached is None or cached.version != version:
            # Streamed in batches and converted as they come: no list of every row object alive at
            # once (at 100,000 positions that list held a worker hundreds of MB above its index).
            # The seats version is read before the rows, so a hire in between is re-read next time.
            rows = db.session.scalars(open_positions_query(today).execution_options(yield_per=2000))
            cached = OpenPositions(version, PositionIndex([to_position(p) for p in rows]), seats)
        elif cached.seats_version != seats:
            cached = OpenPositions(version, cached.index, seats, _live_seats(cached.index))
        current_app.extensions[INDEX_KEY] = cached
        return cached


def _live_seats(index: PositionIndex) -> np.ndarray:
    """Seats left now for every indexed position (0 for one no longer open), one narrow query."""
    out = np.zeros(index.n, dtype=np.int64)
    rows = db.session.execute(select(Position.id, Position.seats - Position.filled)
                              .where(Position.status == "open", Position.filled < Position.seats))
    for pid, left in rows:
        row = index.row_of(pid)
        if row is not None:
            out[row] = left
    return out


# --- suggestions -------------------------------------------------------------------------------

def suggestions_for(profile: CandidateProfile, k: int = 10) -> list[Suggestion]:
    """The best open positions for a person, with reasons; positions already referred (or turned
    down lately) are left out, and a person placed now gets none until the placement ends.

    Ranks on this worker's cached index with live referral counts, then re-reads the chosen
    positions: any that filled up or closed since the index was built is dropped and replaced.
    """
    if db.session.scalar(in_work().where(Referral.candidate_id == profile.id).limit(1)) is not None:
        return []  # placed: suggestions resume if the placement ends
    opened = open_positions()
    if opened.index.n == 0 or k <= 0:
        return []
    ranker, candidate = get_ranker(), to_candidate(profile)
    exclude = set(db.session.scalars(not_to_suggest(profile.id)))
    referrals = opened.live_referrals()
    for _ in range(3):
        matches = ranker.rank(candidate, opened.index, k=k, exclude=exclude, seats=opened.seats,
                              referrals=referrals)
        ids = [m.id for m in matches]
        rows = {p.id: p for p in db.session.scalars(open_positions_query().where(Position.id.in_(ids)))}
        # Fail closed on the live rows: taken seats, closures, and the legal rules once more.
        stale = {pid for pid in ids if pid not in rows or ranker.eligibility(candidate, to_position(rows[pid]))}
        if not stale:
            break
        exclude |= stale
    return [Suggestion(rows[m.id], m) for m in matches if m.id not in stale]


@dataclass
class _CandidatePool:
    """A caseload (people not placed now) as the library's index, with what it was built from."""
    stamp: tuple            # ((id, (updated_at, last ended referral, day)), ...) in id order
    candidates: list[Candidate]
    index: object           # matching's CandidateIndex of `candidates`


def candidate_pool(pool) -> _CandidatePool:
    """This worker's index of the people of `pool` (a scoped CandidateProfile query) who are not
    placed now, rebuilt only when someone joins, leaves or is edited (`updated_at` moves), when
    one of their referrals ends (their history with companies changes), or on a new day (a
    training counts as completed once its weeks have passed).

    One narrow query (id, updated_at, last ended referral) per request decides; a rebuild converts
    only the people whose stamp changed and reuses the rest, so a caseload of thousands is not
    loaded and converted on every page."""
    last_ended = (select(func.max(Referral.updated_at))
                  .where(Referral.candidate_id == CandidateProfile.id, Referral.status.in_(HISTORY_STATUSES))
                  .correlate(CandidateProfile).scalar_subquery())
    rows = db.session.execute(pool.with_only_columns(CandidateProfile.id, CandidateProfile.updated_at, last_ended)
                              .where(CandidateProfile.id.not_in(in_work())).order_by(CandidateProfile.id))
    today = clock.today()
    stamp = tuple((pid, (changed, ended, today)) for pid, changed, ended in rows)
    pools: OrderedDict = current_app.extensions.setdefault(POOLS_KEY, OrderedDict())
    key = hash(stamp)
    with _pools_lock:
        hit = pools.get(key)
        if hit is not None and hit.stamp == stamp:
            pools.move_to_end(key)
            return hit
        known = {(c.id, changed): c for kept in pools.values()
                 for (_, changed), c in zip(kept.stamp, kept.candidates, strict=False)}
    missing = [pid for pid, changed in stamp if (pid, changed) not in known]
    fresh = {}
    for start in range(0, len(missing), 900):  # IN lists kept under SQLite's variable limit
        profiles = db.session.scalars(
            select(CandidateProfile).where(CandidateProfile.id.in_(missing[start:start + 900]))).all()
        fresh.update((c.id, c) for c in to_candidates(profiles))
    candidates = [known.get((pid, changed)) or fresh[pid] for pid, changed in stamp if
                  (pid, changed) in known or pid in fresh]
    built = _CandidatePool(stamp, candidates, get_ranker().index_candidates(candidates))
    with _pools_lock:
        pools[key] = built
        while len(pools) > POOLS_KEPT:
            pools.popitem(last=False)
    return built


def candidates_for(position: Position, pool, k: int = 10) -> list[RankedCandidate]:
    """The best people for a position among `pool` (a scoped query of CandidateProfile), leaving
    out those already referred to it and those placed now.

    Ranks on this worker's cached index of the caseload, then reads only the people chosen."""
    cached = candidate_pool(pool)
    if not cached.candidates or k <= 0:
        return []
    referred = set(db.session.scalars(select(Referral.candidate_id).where(Referral.position_id == position.id)))
    dc = to_position(position, open_referral_counts([position.id]).get(position.id, 0))
    matches = [m for m in get_ranker().rank_candidates(dc, cached.index, k=k + len(referred))
               if m.id not in referred][:k]
    if not matches:
        return []
    by_id = {p.id: p for p in db.session.scalars(pool.where(CandidateProfile.id.in_([m.id for m in matches])))}
    return [RankedCandidate(by_id[m.id], m) for m in matches if m.id in by_id]


def plan_for(pool, provinces: set[int], position_id: int | None = None) -> list[PlannedSeat]:
    """A seat-respecting proposal for a whole caseload: one position each, no seat promised twice.

    People already hired or in a referral are left out; positions are the open ones in
    `provinces` (or only `position_id`). A proposal only: the caseworker still decides each referral.
    """
    busy = select(Referral.candidate_id).where(Referral.status.in_(IN_PROGRESS + ("hired",)))
    profiles = db.session.scalars(pool.where(CandidateProfile.id.not_in(busy))).all()
    open_here = open_positions_query().where(Position.province_code.in_(provinces))
    if position_id is not None:
        open_here = open_here.where(Position.id == position_id)
    positions = db.session.scalars(open_here).all()
    if not profiles or not positions:
        return []
    counts = open_referral_counts([p.id for p in positions])
    # Seats already promised to referrals in progress are not offered again.
    dcs = [replace(to_position(p, counts.get(p.id, 0)), seats=max(p.seats_left - counts.get(p.id, 0), 0))
           for p in positions]
    people = {p.id: p for p in profiles}
    places = {p.id: p for p in positions}
    proposal = matching.plan(to_candidates(profiles), dcs, get_ranker())
    return [PlannedSeat(people[a.candidate_id], places[a.position_id], a.score) for a in proposal]
