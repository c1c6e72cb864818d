"""Consent decisions and what they allow an employer to see [SECURITY 22, 11].

A consent is one decision for one purpose and, where it applies, one company; it is never
assumed, and a withdrawal takes effect on the next request (nothing is cached in the session).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import exists, select, update

from .. import clock
from ..extensions import db
from ..models import CandidateProfile, Consent, Referral, User

# What a company sees of a person referred to it, once that person agreed to share their profile
# with it. Never health, address, legal status or case notes.
SHARED_WITH_EMPLOYER = ("full_name", "phone", "skills", "education", "experience")


def is_active(candidate_id: int, purpose: str, employer_id: int | None = None) -> bool:
    return db.session.scalar(select(exists().where(
        Consent.candidate_id == candidate_id, Consent.purpose == purpose,
        Consent.employer_id == employer_id if employer_id is not None else Consent.employer_id.is_(None),
        Consent.withdrawn_at.is_(None)))) or False


def record(actor: User, candidate: CandidateProfile, purpose: str, employer_id: int | None = None,
           reference: str | None = None) -> Consent:
    """Store a decision: given by the person in the app, or recorded by a caseworker from a signed
    paper form (then `reference` names the form). An existing active consent is kept as it is."""
    current = db.session.scalar(select(Consent).where(
        Consent.candidate_id == candidate.id, Consent.purpose == purpose,
        Consent.employer_id == employer_id if employer_id is not None else Consent.employer_id.is_(None),
        Consent.withdrawn_at.is_(None)))
    if current is not None:
        return current
    consent = Consent(candidate_id=candidate.id, purpose=purpose, employer_id=employer_id,
                      notice_version=current_app.config["CONSENT_NOTICE_VERSION"],
                      recorded_by_id=actor.id, reference=(reference or "").strip() or None,
                      created_at=clock.now())
    db.session.add(consent)
    db.session.flush()
    return consent


def withdraw(consent: Consent) -> bool:
    """Withdraw once; a second press changes nothing."""
    return db.session.execute(
        update(Consent).where(Consent.id == consent.id, Consent.withdrawn_at.is_(None))
        .values(withdrawn_at=clock.now()).execution_options(synchronize_session=False)
    ).rowcount == 1


@dataclass(frozen=True)
class EmployerView:
    """The fields of a referred person a company may see; empty without consent."""

    shared: bool
    fields: dict
    offence_category: str | None = None


def active_decisions(candidate_ids, purposes) -> set[tuple[int, str, int | None]]:
    """The active decisions of many people at once, as (person, purpose, company or None):
    one query for a whole list of referrals instead of one per referral and purpose."""
    ids, found = sorted(set(candidate_ids)), set()
    for start in range(0, len(ids), 900):  # IN lists under SQLite's variable limit
        found.update(tuple(row) for row in db.session.execute(
            select(Consent.candidate_id, Consent.purpose, Consent.employer_id).where(
                Consent.candidate_id.in_(ids[start:start + 900]), Consent.purpose.in_(purposes),
                Consent.withdrawn_at.is_(None))))
    return found


def employer_view(referral: Referral, decisions: set | None = None) -> EmployerView:
    """What the position's company may see of the person; `decisions` (from active_decisions)
    answers from memory for a list, else each consent is read."""
    profile, employer_id = referral.candidate, referral.position.employer_id

    def active(purpose: str) -> bool:
        if decisions is None:
            return is_active(profile.id, purpose, employer_id)
        return (profile.id, purpose, employer_id) in decisions

    if not active("employer"):
        return EmployerView(False, {})
    fields = {name: getattr(profile, name) for name in SHARED_WITH_EMPLOYER}
    offence = None
    if profile.legal_status != "expunged" and profile.offence_category and active("offence"):
        offence = profile.offence_category
    return EmployerView(True, fields, offence)


def companies_shared_with(candidate_id: int) -> set[int]:
    """The companies the person agreed to share their profile with now ("employer" consents)."""
    return set(db.session.scalars(select(Consent.employer_id).where(
        Consent.candidate_id == candidate_id, Consent.purpose == "employer",
        Consent.employer_id.is_not(None), Consent.withdrawn_at.is_(None))))


# --- the person's consent centre -----------------------------------------------------------------

# Decisions that name no company, offered on the consent centre one by one, never pre-ticked.
GENERAL_PURPOSES = ("profile", "model_use", "keep_after_referral")
# Decisions per company, asked on each referral.
PER_COMPANY_PURPOSES = ("employer", "offence")


class ConsentError(Exception):
    """A consent decision that cannot be taken (unknown purpose, company not in a referral)."""


def history(candidate: CandidateProfile) -> list[Consent]:
    """Every decision of the person, newest first: given, by whom, withdrawn."""
    return list(db.session.scalars(select(Consent).where(Consent.candidate_id == candidate.id)
                                   .order_by(Consent.created_at.desc(), Consent.id.desc())))


def active_general(candidate: CandidateProfile) -> dict[str, Consent]:
    """The active decision for each general purpose (absent: not given)."""
    rows = db.session.scalars(select(Consent).where(
        Consent.candidate_id == candidate.id, Consent.employer_id.is_(None),
        Consent.purpose.in_(GENERAL_PURPOSES), Consent.withdrawn_at.is_(None)))
    return {c.purpose: c for c in rows}


def active_for_employer(candidate: CandidateProfile, employer_id: int) -> dict[str, Consent]:
    rows = db.session.scalars(select(Consent).where(
        Consent.candidate_id == candidate.id, Consent.employer_id == employer_id,
        Consent.withdrawn_at.is_(None)))
    return {c.purpose: c for c in rows}


def referred_employer_ids(candidate: CandidateProfile) -> set[int]:
    from ..models import Position

    return set(db.session.scalars(
        select(Position.employer_id).join(Referral, Referral.position_id == Position.id)
        .where(Referral.candidate_id == candidate.id)))


def _check(candidate: CandidateProfile, purpose: str, employer_id: int | None) -> None:
    """A general purpose names no company; a per-company one names a company the person is
    referred to (any other id, existing or not, is refused the same way)."""
    if employer_id is None and purpose not in GENERAL_PURPOSES:
        raise ConsentError(purpose)
    if employer_id is not None and (purpose not in PER_COMPANY_PURPOSES
                                    or employer_id not in referred_employer_ids(candidate)):
        raise ConsentError(purpose)


def give(actor: User, candidate: CandidateProfile, purpose: str, employer_id: int | None = None) -> Consent:
    """The person's own decision, taken in the app. A company must be one they are referred to."""
    _check(candidate, purpose, employer_id)
    return record(actor, candidate, purpose, employer_id)


def record_signed(actor: User, candidate: CandidateProfile, purpose: str, employer_id: int | None,
                  reference: str) -> Consent:
    """A decision the person signed on paper, recorded by their caseworker: the same rule as `give`."""
    _check(candidate, purpose, employer_id)
    return record(actor, candidate, purpose, employer_id, reference=reference)


def withdraw_own(candidate: CandidateProfile, consent_id: int) -> bool:
    """Withdraw one of the person's own decisions; another person's is not found (False)."""
    consent = db.session.scalar(select(Consent).where(Consent.id == consent_id,
                                                      Consent.candidate_id == candidate.id))
    if consent is None:
        raise ConsentError("not_found")
    return withdraw(consent)


def caseworkers_may_see(candidate: CandidateProfile) -> bool:
    """Is the person in caseworkers' care? A profile they made themself is only with the
    "profile" consent (the same rule as scopes.candidates_in_care)."""
    return not candidate.self_registered or is_active(candidate.id, "profile")
