"""Rows to the matching library's dataclasses, and the query of positions that may be suggested."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import selectinload

from matching import Candidate, Position as PositionDC
from matching.scrub import scrub

from ... import clock
from ...extensions import db
from ...models import CandidateProfile, Employer, Position, Referral
from ...models.referrals import OPEN_STATUSES

IN_PROGRESS = OPEN_STATUSES
# The ended referrals a person's history is read from (see `history_of`).
HISTORY_STATUSES = ("hired", "left", "declined")


# A training seat without a stated length is taken as completed this long after the person started.
DEFAULT_TRAINING_WEEKS = 12
HISTORY_BATCH = 5000


@dataclass
class History:
    """A person's own past referrals as matching uses them: who hired them, who declined them,
    which trainings they completed. Each entry is (when it became known, what)."""

    events: list = field(default_factory=list)  # (at: datetime, kind: str, id)

    def as_of(self, when: datetime | None = None) -> dict:
        """The Candidate fields, counting only what was known before `when` (everything if None)."""
        out = {"hired_by": set(), "declined_by": set(), "completed_training": set()}
        for at, kind, ident in self.events:
            if when is None or _aware(at) < _aware(when):
                out[kind].add(str(ident))
        return {k: frozenset(v) for k, v in out.items()}


NO_HISTORY = History()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.utc)


def history_of(candidate_ids) -> dict[int, History]:
    """Each person's ended referrals, one query per 5,000 people: hires (hired or left since) name
    the employer from when they were hired; declines name it from when the referral was last
    changed; a training place counts as completed once its length (or DEFAULT_TRAINING_WEEKS) has
    passed since the start, unless the person left before."""
    ids = list(candidate_ids)
    rows = []
    for start in range(0, len(ids), HISTORY_BATCH):  # a province's people exceed SQLite's bound parameters
        rows += db.session.execute(
            select(Referral.candidate_id, Referral.status, Referral.hired_at, Referral.updated_at,
                   Referral.left_on, Position.id, Position.employer_id, Position.kind, Position.duration_weeks)
            .join(Position, Position.id == Referral.position_id)
            .where(Referral.candidate_id.in_(ids[start:start + HISTORY_BATCH]),
                   Referral.status.in_(HISTORY_STATUSES))).all()
    out: dict = defaultdict(History)
    for row in rows:
        events = out[row.candidate_id].events
        if row.status == "declined":
            events.append((row.updated_at, "declined_by", row.employer_id))
            continue
        started = row.hired_at or row.updated_at
        events.append((started, "hired_by", row.employer_id))
        if row.kind == "training":
            done = _aware(started) + timedelta(weeks=row.duration_weeks or DEFAULT_TRAINING_WEEKS)
            if (row.left_on is None or _midnight(row.left_on) >= done) and done <= clock.now():
                events.append((done, "completed_training", row.id))
    return dict(out)


def to_candidates(profiles) -> list[Candidate]:
    """`to_candidate` for many people, their histories read in one query."""
    histories = history_of(p.id for p in profiles)
    return [to_candidate(p, histories.get(p.id, NO_HISTORY)) for p in profiles]


def to_candidate(profile: CandidateProfile, history: History | None = None) -> Candidate:
    """Only what matching needs; an expunged record is never passed on. `history` (read from the
    person's referrals when not given) is their own past with employers and trainings."""
    if history is None:
        history = history_of([profile.id]).get(profile.id, NO_HISTORY)
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
        **history.as_of(),
    )


# What a referral keeps of the person as they were when it was made: the ranking features only.
# Never the record, the legal status, gender or age (those stay on the profile and are read from
# it for eligibility); free text with its protected terms taken out.
SNAPSHOT_FIELDS = ("skills", "education", "province", "ward", "max_commute_km", "has_transport",
                   "needs_housing", "physical_capacity", "shifts", "desired_sectors",
                   "wage_expectation", "text")


def features_snapshot(profile: CandidateProfile) -> dict:
    """The person's ranking features now, as JSON, for a referral being made."""
    candidate = to_candidate(profile, NO_HISTORY)
    snapshot = {name: getattr(candidate, name) for name in SNAPSHOT_FIELDS}
    for name in ("skills", "shifts", "desired_sectors"):
        snapshot[name] = sorted(snapshot[name])
    snapshot["text"] = scrub(snapshot["text"])
    return snapshot


def as_referred(referral: Referral, history: History | None = None) -> Candidate:
    """The person as they were when `referral` was made (their profile today when the referral
    predates snapshots; their history with employers and trainings as it stood then), under an id
    of the referral's own: a profile edited after a hire must not feed the outcome back into what
    the model learns it from."""
    history = history_of([referral.candidate_id]).get(referral.candidate_id, NO_HISTORY) \
        if history is None else history
    current = replace(to_candidate(referral.candidate, NO_HISTORY), id=f"referral-{referral.id}",
                      **history.as_of(referral.created_at))
    snapshot = referral.candidate_features or {}
    values = {name: snapshot[name] for name in SNAPSHOT_FIELDS if name in snapshot}
    for name in ("skills", "shifts", "desired_sectors"):
        if name in values:
            values[name] = frozenset(values[name])
    return replace(current, **values)


def opened_on(position: Position) -> date:
    """The day a position opened: its opening date, or the day it was posted if later or unset."""
    posted = _aware(position.created_at).date() if position.created_at else clock.today()
    return max(posted, position.opens_on) if position.opens_on else posted


def to_position(position: Position, open_referrals: int = 0) -> PositionDC:
    """Only what matching needs. The wage is the guaranteed minimum of the range: a reason
    "pays as hoped" must not rest on the top of a range nobody promised. No coordinates: the
    app knows communes, not places, so the library claims no kilometres. The trainings leading
    to a job are passed when they are loaded with it (`open_positions_query` loads them), and a
    training names its job."""
    trained_by = () if "trained_by" in inspect(position).unloaded else [str(t.id) for t in position.trained_by]
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
        wage=position.wage_min,
        seats=position.seats_left,
        open_referrals=open_referrals,
        province=str(position.province_code),
        ward=str(position.ward_code),
        housing_provided=position.housing_provided,
        transport_provided=position.transport_provided,
        excluded_offences=frozenset(position.excluded_offences or ()),
        text=f"{position.title}\n{position.description}",
        title=position.title,
        linked_position_id=position.leads_to_position_id if position.kind == "training" else None,
        trained_by=frozenset(trained_by),
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
        .options(selectinload(Position.employer), selectinload(Position.trained_by))
    )


def open_referral_counts(position_ids: list[int] | None = None) -> dict[int, int]:
    """Referrals in progress per position (all positions with any when ``position_ids`` is None)."""
    query = (select(Referral.position_id, func.count())
             .where(Referral.status.in_(IN_PROGRESS)).group_by(Referral.position_id))
    if position_ids is not None:
        if not position_ids:
            return {}
        query = query.where(Referral.position_id.in_(position_ids))
    return dict(db.session.execute(query).all())
