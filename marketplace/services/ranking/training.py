"""Training, evaluation and the fairness figures of a model: run from the CLI, never in a request."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import matching
from matching import Candidate, LoggedList, Outcome, Position as PositionDC, Ranker

from ...extensions import db
from ...models import CandidateProfile, Consent, Exposure, Position, Referral
from . import store
from .adapters import as_referred, open_positions_query, to_candidate, to_position


def outcome_label(referral: Referral) -> int:
    """0 declined / left early, 1 hired, 2 retained 90 days, 3 retained 180 days.

    A hire whose checks are not yet due (or not yet answered) counts as hired, never as a failure.
    """
    if referral.status not in ("hired", "left"):
        return 0
    kept = {c.day for c in referral.retention_checks if c.retained}
    lost = any(c.retained is False for c in referral.retention_checks)
    if 180 in kept:
        return 3
    if 90 in kept:
        return 2
    return 0 if lost and 30 not in kept else 1


@dataclass(frozen=True)
class TrainingData:
    candidates: list[Candidate]
    positions: list[PositionDC]
    outcomes: list[Outcome]


def _consenting():
    return select(Consent.candidate_id).where(Consent.purpose == "model_use", Consent.withdrawn_at.is_(None))


def training_data() -> TrainingData:
    """Ended referrals of people who consented to model use, oldest first (by when they were made).

    Each referral brings the person as they were when it was made (`as_referred`: its snapshot,
    under an id of its own), so an evaluation asks one question per referral and a profile edited
    after a hire cannot leak the outcome. The positions are every position that was ever offered
    (not drafts), not only those with history: they are the background a referral was chosen from,
    and an evaluation ranks them all.
    """
    referrals = db.session.scalars(
        select(Referral)
        .where(Referral.status.in_(("hired", "left", "declined")), Referral.candidate_id.in_(_consenting()))
        .options(selectinload(Referral.retention_checks), selectinload(Referral.candidate))
        .order_by(Referral.created_at, Referral.id)
    ).all()
    position_ids = {r.position_id for r in referrals}
    positions = db.session.scalars(select(Position).where(
        (Position.status != "draft") | Position.id.in_(position_ids))).all()
    # For learning, a position is judged as it was when people were sent: seats were open then.
    position_dcs = [to_position(p) for p in positions]
    position_dcs = [replace(p, seats=max(p.seats, 1)) for p in position_dcs]
    candidates = [as_referred(r) for r in referrals]
    outcomes = [Outcome(c.id, r.position_id, outcome_label(r)) for c, r in zip(candidates, referrals)]
    return TrainingData(candidates, position_dcs, outcomes)


def train(now: datetime | None = None) -> dict:
    """Fit on all consented outcomes, evaluate, audit, save a versioned model; return its metadata."""
    now = now or datetime.now(timezone.utc)
    data = training_data()
    ranker = Ranker().fit(data.candidates, data.positions, data.outcomes)
    report = matching.evaluate(data.candidates, data.positions, data.outcomes) if data.outcomes else None
    stamp = now.strftime("%Y%m%dT%H%M%S")
    folder = store.models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{store.MODEL_PREFIX}{stamp}{store.MODEL_SUFFIX}"
    info = {
        "file": path.name,
        "trained_at": now.isoformat(timespec="seconds"),
        "fitted": bool(getattr(ranker, "fitted", True)),
        "n_outcomes": len(data.outcomes),
        "n_candidates": len(data.candidates),
        "n_positions": len(data.positions),
        "evaluation": _evaluation_dict(report),
        "fairness": fairness(ranker),
    }
    store.save(ranker, path, info)
    store.prune(current_app.config["MODELS_KEPT"])
    return info


def fairness(ranker: Ranker, seed: int = 0) -> dict | None:
    """Who employers and caseworkers are shown, by gender and age group, for the admin page.

    Ranks people for a random sample of open positions and compares each group's share of the
    top-10 exposure with its share of the people eligible (see `matching.audit`).
    """
    profiles = db.session.scalars(select(CandidateProfile)).all()
    positions = db.session.scalars(open_positions_query()).all()
    if not profiles or not positions:
        return None
    report = matching.audit(ranker, [to_candidate(p) for p in profiles],
                            [to_position(p) for p in positions], k=10, seed=seed)
    return report.as_dict()


# Lists of positions shown for one person (the people-for-a-position lists answer another question).
LOGGED_SURFACES = ("candidate_home", "caseworker_record")
FOLLOW_DAYS = 30  # a referral made this long after a list was shown is credited to it
MAX_LOGGED_ROWS = 200_000


def logged_lists() -> list[LoggedList]:
    """What people who consented to model use were shown, list by list, with what followed.

    A referral is credited to the latest list that showed its position to that person in the
    FOLLOW_DAYS before it was made, with gain 2**label - 1 (label as `outcome_label`: a referral
    still under way or declined gains nothing).
    """
    rows = db.session.execute(
        select(Exposure.candidate_id, Exposure.shown_at, Exposure.surface, Exposure.viewer_id,
               Exposure.position_id, Exposure.rank)
        .where(Exposure.surface.in_(LOGGED_SURFACES), Exposure.candidate_id.in_(_consenting()))
        .order_by(Exposure.shown_at.desc(), Exposure.id.desc()).limit(MAX_LOGGED_ROWS)).all()
    shown: dict = defaultdict(list)
    for row in rows:
        shown[(row.candidate_id, row.shown_at, row.surface, row.viewer_id)].append((row.rank, row.position_id))
    if not shown:
        return []
    people = {key[0] for key in shown}
    lists_of: dict = defaultdict(list)  # person -> [(shown_at, key)], newest first
    for key in shown:
        lists_of[key[0]].append((key[1], key))
    for entries in lists_of.values():
        entries.sort(key=lambda e: e[0], reverse=True)
    gains: dict = defaultdict(dict)
    referrals = db.session.scalars(select(Referral).where(Referral.candidate_id.in_(people))
                                   .options(selectinload(Referral.retention_checks))).all()
    for referral in referrals:
        for shown_at, key in lists_of[referral.candidate_id]:
            in_list = any(p == referral.position_id for _, p in shown[key])
            if in_list and shown_at <= referral.created_at <= shown_at + timedelta(days=FOLLOW_DAYS):
                gains[key][referral.position_id] = float(2 ** outcome_label(referral) - 1)
                break
    profiles = {p.id: to_candidate(p) for p in db.session.scalars(
        select(CandidateProfile).where(CandidateProfile.id.in_(people)))}
    return [LoggedList(profiles[key[0]], tuple(p for _, p in sorted(items)), gains.get(key, {}))
            for key, items in shown.items() if key[0] in profiles]


def evaluate() -> dict | None:
    """Hold out the most recent outcomes and compare with the cold start and the baselines; when
    the exposure log has lists, estimate what the serving model and the cold start would have
    collected on them (inverse propensity, position-based)."""
    data = training_data()
    if not data.outcomes:
        return None
    result = _evaluation_dict(matching.evaluate(data.candidates, data.positions, data.outcomes))
    lists = logged_lists()
    if lists:
        rows = matching.ips_estimate({"serving": store.get_ranker(), "cold_start": Ranker()}, lists,
                                     data.positions)
        result["logged"] = {"n_lists": len(lists), "rows": [asdict(r) for r in rows]}
    return result


def logged_table(logged: dict) -> str:
    """The inverse-propensity figures as a plain-text table."""
    head = f"{'method':<12} {'gain/list':>10} {'95% interval':>20}"
    lines = [head, "-" * len(head)]
    for row in logged["rows"]:
        lines.append(f"{row['name']:<12} {row['value']:>10.3f} {row['low']:>9.3f} to {row['high']:<7.3f}")
    return "\n".join(lines)


def table(evaluation: dict) -> str:
    """The evaluation figures as a plain-text table."""
    from matching.evaluate import EvalRow

    return matching.format_table([EvalRow(**row) for row in evaluation["rows"]])


def _evaluation_dict(report) -> dict | None:
    if report is None:
        return None
    return {"n_train": report.n_train, "n_test": report.n_test,
            "rows": [asdict(r) for r in report.rows]}
