"""Rows to the matching library's dataclasses, and the query of positions that may be suggested."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from matching import Candidate, Position as PositionDC
from matching.scrub import scrub

from ... import clock
from ...extensions import db
from ...models import CandidateProfile, Employer, Position, Referral
from ...models.referrals import OPEN_STATUSES

IN_PROGRESS = OPEN_STATUSES


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


# What a referral keeps of the person as they were when it was made: the ranking features only.
# Never the record, the legal status, gender or age (those stay on the profile and are read from
# it for eligibility); free text with its protected terms taken out.
SNAPSHOT_FIELDS = ("skills", "education", "province", "ward", "max_commute_km", "has_transport",
                   "needs_housing", "physical_capacity", "shifts", "desired_sectors",
                   "wage_expectation", "text")


def features_snapshot(profile: CandidateProfile) -> dict:
    """The person's ranking features now, as JSON, for a referral being made."""
    candidate = to_candidate(profile)
    snapshot = {name: getattr(candidate, name) for name in SNAPSHOT_FIELDS}
    for name in ("skills", "shifts", "desired_sectors"):
        snapshot[name] = sorted(snapshot[name])
    snapshot["text"] = scrub(snapshot["text"])
    return snapshot


def as_referred(referral: Referral) -> Candidate:
    """The person as they were when `referral` was made (their profile today when the referral
    predates snapshots), under an id of the referral's own: a profile edited after a hire must not
    feed the outcome back into what the model learns it from."""
    current = replace(to_candidate(referral.candidate), id=f"referral-{referral.id}")
    snapshot = referral.candidate_features or {}
    values = {name: snapshot[name] for name in SNAPSHOT_FIELDS if name in snapshot}
    for name in ("skills", "shifts", "desired_sectors"):
        if name in values:
            values[name] = frozenset(values[name])
    return replace(current, **values)


def to_position(position: Position, open_referrals: int = 0) -> PositionDC:
    """Only what matching needs. The wage is the guaranteed minimum of the range: a reason
    "pays as hoped" must not rest on the top of a range nobody promised. No coordinates: the
    app knows communes, not places, so the library claims no kilometres."""
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


def open_referral_counts(position_ids: list[int] | None = None) -> dict[int, int]:
    """Referrals in progress per position (all positions with any when ``position_ids`` is None)."""
    query = (select(Referral.position_id, func.count())
             .where(Referral.status.in_(IN_PROGRESS)).group_by(Referral.position_id))
    if position_ids is not None:
        if not position_ids:
            return {}
        query = query.where(Referral.position_id.in_(position_ids))
    return dict(db.session.execute(query).all())
