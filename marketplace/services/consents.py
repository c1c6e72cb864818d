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


def employer_view(referral: Referral) -> EmployerView:
    profile, employer_id = referral.candidate, referral.position.employer_id
    if not is_active(profile.id, "employer", employer_id):
        return EmployerView(False, {})
    fields = {name: getattr(profile, name) for name in SHARED_WITH_EMPLOYER}
    offence = None
    if (profile.legal_status != "expunged" and profile.offence_category
            and is_active(profile.id, "offence", employer_id)):
        offence = profile.offence_category
    return EmployerView(True, fields, offence)
