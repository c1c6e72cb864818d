"""Training, evaluation and the fairness figures of a model: run from the CLI, never in a request."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import matching
from matching import Candidate, LoggedList, Outcome, Position as PositionDC, Ranker

from ...extensions import db
from ...models import CandidateProfile, Consent, Exposure, Position, Referral
from . import store
from .adapters import (NO_HISTORY, as_referred, history_of, open_positions_query, opened_on, to_candidates,
                       to_position)


def outcome_label(referral: Referral) -> int:
    """0 declined / left early, 1 hired, 2 retained 90 days, 3 retained 180 days.

    A hire whose checks are not yet due (or not yet answered) counts as what is known so far,
    never as a failure: see `censored`.
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


def censored(referral: Referral) -> bool:
    """A hire still in work whose next retention check (90 days, then 180) is not answered yet:
    not due, or due and not yet recorded. Its label is a lower bound, so an evaluation leaves it
    out of the graded part (neither a failure nor a full success); training learns from it as
    what is known so far (hired, or kept 90 days)."""
    if referral.status != "hired":
        return False
    label = outcome_label(referral)
    if label >= 3:
        return False
    answered = {c.day for c in referral.retention_checks if c.retained is not None}
    return (90 if label < 2 else 180) not in answered


def days(moment: datetime | None) -> float | None:
    """A moment as days since the epoch: the clock of `Outcome.at` and the evaluation's windows."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp() / 86400.0


def open_window(position: Position, hires: list[datetime]) -> tuple[float | None, float | None]:
    """When a position could take referrals, as (opened, closed) days for `matching.evaluate`.

    Opened: the later of its posting and its opening date. Closed: the earliest of the day after
    its closing date, the hire that took its last seat, and -- for a position closed or full now,
    whose moment of closing is not recorded -- its last change (the latest it can have closed).
    """
    opened = days(datetime.combine(opened_on(position), time(), tzinfo=timezone.utc))
    opened = max(opened, days(position.created_at)) if position.created_at else opened
    ends = []
    if position.closes_on:
        ends.append(days(datetime.combine(position.closes_on + timedelta(days=1), time(), tzinfo=timezone.utc)))
    hires = sorted(h for h in hires if h is not None)
    if position.seats and len(hires) >= position.seats:
        ends.append(days(hires[position.seats - 1]))
    if position.status in ("closed", "full") and position.updated_at:
        ends.append(days(position.updated_at))
    return opened, (min(ends) if ends else None)


@dataclass(frozen=True)
class TrainingData:
    candidates: list[Candidate]
    positions: list[PositionDC]
    outcomes: list[Outcome]
    windows: dict = field(default_factory=dict)


def _consenting():
    return select(Consent.candidate_id).where(Consent.purpose == "model_use", Consent.withdrawn_at.is_(None))


def training_data() -> TrainingData:
    """Ended referrals of people who consented to model use, oldest first (by when they were made).

    Each referral brings the person as they were when it was made (`as_referred`: its snapshot,
    under an id of its own), so an evaluation asks one question per referral and a profile edited
    after a hire cannot leak the outcome; their history with employers and trainings is also as
    it stood then. The positions are every position that was ever offered (not drafts), not only
    those with history: they are the background a referral was chosen from; `windows` says when
    each could take referrals, so an evaluation ranks, for each held-out referral, the positions
    open at that moment. Each outcome carries when it was made and whether its label is still
    censored.
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
    histories = history_of({r.candidate_id for r in referrals})
    candidates = [as_referred(r, histories.get(r.candidate_id, NO_HISTORY)) for r in referrals]
    outcomes = [
        Outcome(c.id, r.position_id, outcome_label(r), at=days(r.created_at), censored=censored(r))
        for c, r in zip(candidates, referrals, strict=False)]
    hires: dict = defaultdict(list)
    for position_id, hired_at in db.session.execute(
            select(Referral.position_id, Referral.hired_at).where(Referral.hired_at.is_not(None))):
        hires[position_id].append(hired_at)
    windows = {p.id: open_window(p, hires.get(p.id, [])) for p in positions}
    return TrainingData(candidates, position_dcs, outcomes, windows)



def train(now: datetime | None = None) -> dict:
    """Fit on all consented outcomes, evaluate, audit, save a versioned model; return its metadata."""
    now = now or datetime.now(timezone.utc)
    data = training_data()
    ranker = Ranker().fit(data.candidates, data.positions, data.outcomes)
    report = matching.evaluate(data.candidates, data.positions, data.outcomes,
                               windows=data.windows) if data.outcomes else None
    stamp = now.strftime("%Y%m%dT%H%M%S")
    folder = store.models_dir()
    if not folder.is_dir():
        folder.mkdir(parents=True)
        folder.chmod(store.FOLDER_MODE)  # whatever the umask: the web workers' group enters it
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
    report = matching.audit(ranker, to_candidates(profiles),
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
    rows = db.session.scalars(select(CandidateProfile).where(CandidateProfile.id.in_(people))).all()
    profiles = {p.id: c for p, c in zip(rows, to_candidates(rows), strict=False)}
    return [LoggedList(profiles[key[0]], tuple(p for _, p in sorted(items)), gains.get(key, {}))
            for key, items in shown.items() if key[0] in profiles]


def evaluate() -> dict | None:
    """Hold out the most recent outcomes and compare with the cold start and the baselines; when
    the exposure log has lists, estimate what the serving model and the cold start would have
    collected on them (inverse propensity, position-based)."""
    data = training_data()
    if not data.outcomes:
        return None
    result = _evaluation_dict(matching.evaluate(data.candidates, data.positions, data.outcomes,
                                                windows=data.windows))
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
