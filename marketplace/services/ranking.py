"""The app's side of matching: rows to dataclasses, the loaded model, suggestions, training.

This module alone imports `matching` (with `vocabulary` for labels) and alone reads model files.
Training and evaluation run from the CLI, never inside a web request.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

import matching
from matching import Candidate, Match, Outcome, Position as PositionDC, Ranker

from .. import clock
from ..extensions import db
from ..models import CandidateProfile, Consent, Employer, Position, Referral
from ..models.referrals import OPEN_STATUSES
from .referral_states import in_work, not_to_suggest, open_referral_counts

EXTENSION_KEY = "loive.ranker"
MODEL_PREFIX = "ranker-"
MODEL_SUFFIX = ".pkl"
IN_PROGRESS = OPEN_STATUSES


# --- rows to the library's dataclasses ---------------------------------------------------------

def to_candidate(profile: CandidateProfile) -> Candidate:
    """Only what matching needs; an expunged record is never passed on."""
    expunged = profile.legal_status == "expunged"
    return Candidate(
        id=profile.id,
        skills=frozenset(profile.skills or ()),
        education=profile.education,
        province=str(profile.province_code),
        ward=str(profile.ward_code),
        max_commute_km=float(profile.max_commute_km) if profile.max_commute_km is not None else None,
        has_transport=profile.has_transport,
        needs_housing=profile.needs_housing,
        physical_capacity=profile.physical_capacity,
        shifts=frozenset(profile.shifts or ()),
        desired_sectors=frozenset(profile.desired_sectors or ()),
        wage_expectation=profile.wage_expectation,
        offence_category=None if expunged else profile.offence_category,
        travel_restricted=False if expunged else profile.travel_restricted,
        birth_year=profile.birth_year,
        gender=profile.gender,
        text=profile.experience or "",
    )


def to_position(position: Position, open_referrals: int = 0) -> PositionDC:
    wage = position.wage_max or position.wage_min
    return PositionDC(
        id=position.id,
        employer_id=position.employer_id,
        kind=position.kind,
        sector=position.sector,
        required_skills=frozenset(position.required_skills or ()),
        preferred_skills=frozenset(position.preferred_skills or ()),
        min_education=position.min_education,
        physical_demand=position.physical_demand,
        shift=position.shift,
        wage=wage,
        seats=position.seats_left,
        open_referrals=open_referrals,
        province=str(position.province_code),
        ward=str(position.ward_code),
        housing_provided=position.housing_provided,
        transport_provided=position.transport_provided,
        excluded_offences=frozenset(position.excluded_offences or ()),
        text=f"{position.title}\n{position.description}",
    )


def open_positions_query(today: date | None = None) -> Select:
    """Positions a candidate may be suggested: open, of a verified employer that is not
    suspended, opened already and not past closing."""
    today = today or clock.today()
    return (
        select(Position)
        .join(Employer, Employer.id == Position.employer_id)
        .where(Position.status == "open", Employer.verified_at.is_not(None),
               Employer.suspended_at.is_(None),
               Position.filled < Position.seats,
               (Position.opens_on.is_(None)) | (Position.opens_on <= today),
               (Position.closes_on.is_(None)) | (Position.closes_on >= today))
        .options(selectinload(Position.employer))
    )


# --- the loaded model ----------------------------------------------------------------------------

def models_dir() -> Path:
    return Path(current_app.config["MODELS_DIR"])


def model_files() -> list[Path]:
    """Saved models, newest first (names carry a sortable UTC timestamp)."""
    folder = models_dir()
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.name.startswith(MODEL_PREFIX) and p.name.endswith(MODEL_SUFFIX)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def get_ranker() -> Ranker:
    """The newest saved model, reloaded when a newer file appears; cold start when there is none.

    The check is one directory listing, so a `flask matching train` reaches every worker on its
    next request without a restart.
    """
    files = model_files()
    newest = files[0] if files else None
    cached = current_app.extensions.get(EXTENSION_KEY)
    if cached is not None and cached[0] == newest:
        return cached[1]
    ranker = Ranker.load(newest) if newest else Ranker()
    current_app.extensions[EXTENSION_KEY] = (newest, ranker)
    return ranker


def model_info() -> dict | None:
    """The metadata written next to the model in use (training date, data size, evaluation)."""
    files = model_files()
    if not files:
        return None
    meta = files[0].with_suffix(".json")
    info = json.loads(meta.read_text("utf-8")) if meta.exists() else {}
    info.setdefault("file", files[0].name)
    return info


def model_version() -> str:
    """The name of the model serving suggestions ("cold-start" before any training)."""
    files = model_files()
    return files[0].stem if files else "cold-start"


def exclusions(profile: CandidateProfile, position: Position) -> tuple[str, ...]:
    """The legal exclusions between a person and a position (hard filters), as reason codes."""
    return tuple(r.code for r in get_ranker().eligibility(to_candidate(profile), to_position(position)))


# --- suggestions ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    position: Position
    match: Match


@dataclass(frozen=True)
class RankedCandidate:
    profile: CandidateProfile
    match: Match


def suggestions_for(profile: CandidateProfile, k: int = 10) -> list[Suggestion]:
    """The best open positions for a person, with reasons; positions already referred (or turned
    down lately) are left out."""
    if db.session.scalar(in_work().where(Referral.candidate_id == profile.id).limit(1)) is not None:
        return []  # placed: suggestions resume if the placement ends
    rows = db.session.scalars(open_positions_query().where(Position.id.not_in(not_to_suggest(profile.id)))).all()
    if not rows:
        return []
    counts = open_referral_counts([p.id for p in rows])
    by_id = {p.id: p for p in rows}
    matches = get_ranker().rank(to_candidate(profile), [to_position(p, counts.get(p.id, 0)) for p in rows], k=k)
    return [Suggestion(by_id[m.id], m) for m in matches]


def candidates_for(position: Position, pool: Select, k: int = 10) -> list[RankedCandidate]:
    """The best people for a position among `pool` (a scoped query of CandidateProfile)."""
    referred = select(Referral.candidate_id).where(Referral.position_id == position.id)
    profiles = db.session.scalars(pool.where(CandidateProfile.id.not_in(referred),
                                             CandidateProfile.id.not_in(in_work()))).all()
    if not profiles:
        return []
    by_id = {p.id: p for p in profiles}
    dc = to_position(position, open_referral_counts([position.id]).get(position.id, 0))
    matches = get_ranker().rank_candidates(dc, [to_candidate(p) for p in profiles], k=k)
    return [RankedCandidate(by_id[m.id], m) for m in matches]


@dataclass(frozen=True)
class PlannedSeat:
    profile: CandidateProfile
    position: Position
    score: float


def plan_for(pool: Select, provinces: set[int]) -> list[PlannedSeat]:
    """A seat-respecting proposal for a whole caseload: one position each, no seat promised twice.

    People already hired or in a referral are left out; positions are the open ones in
    `provinces`. A proposal only: the caseworker still decides each referral.
    """
    busy = select(Referral.candidate_id).where(Referral.status.in_(IN_PROGRESS + ("hired",)))
    profiles = db.session.scalars(pool.where(CandidateProfile.id.not_in(busy))).all()
    positions = db.session.scalars(open_positions_query().where(Position.province_code.in_(provinces))).all()
    if not profiles or not positions:
        return []
    counts = open_referral_counts([p.id for p in positions])
    # Seats already promised to referrals in progress are not offered again.
    dcs = [replace(to_position(p, counts.get(p.id, 0)), seats=max(p.seats_left - counts.get(p.id, 0), 0))
           for p in positions]
    people = {p.id: p for p in profiles}
    places = {p.id: p for p in positions}
    proposal = matching.plan([to_candidate(p) for p in profiles], dcs, get_ranker())
    return [PlannedSeat(people[a.candidate_id], places[a.position_id], a.score) for a in proposal]


# --- training ------------------------------------------------------------------------------------

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


def training_data() -> TrainingData:
    """Ended referrals of people who consented to model use, oldest first."""
    consenting = select(Consent.candidate_id).where(
        Consent.purpose == "model_use", Consent.withdrawn_at.is_(None))
    referrals = db.session.scalars(
        select(Referral)
        .where(Referral.status.in_(("hired", "left", "declined")), Referral.candidate_id.in_(consenting))
        .options(selectinload(Referral.retention_checks))
        .order_by(Referral.updated_at, Referral.id)
    ).all()
    candidate_ids = {r.candidate_id for r in referrals}
    position_ids = {r.position_id for r in referrals}
    profiles = db.session.scalars(select(CandidateProfile).where(CandidateProfile.id.in_(candidate_ids))).all()
    positions = db.session.scalars(select(Position).where(Position.id.in_(position_ids))).all()
    # For learning, a position is judged as it was when people were sent: seats were open then.
    position_dcs = [to_position(p) for p in positions]
    position_dcs = [replace(p, seats=max(p.seats, 1)) for p in position_dcs]
    outcomes = [Outcome(r.candidate_id, r.position_id, outcome_label(r)) for r in referrals]
    return TrainingData([to_candidate(p) for p in profiles], position_dcs, outcomes)


def train(now: datetime | None = None) -> dict:
    """Fit on all consented outcomes, evaluate, audit, save a versioned model; return its metadata."""
    now = now or datetime.now(timezone.utc)
    data = training_data()
    ranker = Ranker().fit(data.candidates, data.positions, data.outcomes)
    report = matching.evaluate(data.candidates, data.positions, data.outcomes) if data.outcomes else None
    fairness = _fairness(ranker)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    folder = models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{MODEL_PREFIX}{stamp}{MODEL_SUFFIX}"
    info = {
        "file": path.name,
        "trained_at": now.isoformat(timespec="seconds"),
        "fitted": bool(getattr(ranker, "fitted", True)),
        "n_outcomes": len(data.outcomes),
        "n_candidates": len(data.candidates),
        "n_positions": len(data.positions),
        "evaluation": _evaluation_dict(report),
        "fairness": fairness,
    }
    # Metadata first, model second: a reader that sees the model always finds its metadata.
    _write_atomic(path.with_suffix(".json"), json.dumps(info, ensure_ascii=False, indent=1))
    ranker.save(path)
    _prune(current_app.config["MODELS_KEPT"])
    return info


def _fairness(ranker: Ranker, sample: int = 2000) -> dict | None:
    """Exposure by gender and age group in today's top-10 suggestions, for the admin page."""
    profiles = db.session.scalars(select(CandidateProfile).order_by(CandidateProfile.id).limit(sample)).all()
    positions = db.session.scalars(open_positions_query()).all()
    if not profiles or not positions:
        return None
    report = matching.audit(ranker, [to_candidate(p) for p in profiles],
                            [to_position(p) for p in positions], k=10)
    return report.as_dict()


def evaluate() -> dict | None:
    """Hold out the most recent outcomes and compare with the cold start and the baselines."""
    data = training_data()
    if not data.outcomes:
        return None
    return _evaluation_dict(matching.evaluate(data.candidates, data.positions, data.outcomes))


def table(evaluation: dict) -> str:
    """The evaluation figures as a plain-text table."""
    from matching.evaluate import EvalRow

    return matching.format_table([EvalRow(**row) for row in evaluation["rows"]])


def rollback() -> str | None:
    """Set the newest model aside so the previous one serves again; returns the one now in use."""
    files = model_files()
    if len(files) < 2:
        return None
    newest = files[0]
    newest.rename(newest.with_name(newest.name + ".rolledback"))
    meta = newest.with_suffix(".json")
    if meta.exists():
        meta.rename(meta.with_name(meta.name + ".rolledback"))
    return files[1].name


def _evaluation_dict(report) -> dict | None:
    if report is None:
        return None
    return {"n_train": report.n_train, "n_test": report.n_test,
            "rows": [asdict(r) for r in report.rows]}


def _prune(keep: int) -> None:
    for old in model_files()[keep:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)

