"""The person returning: profile, circumstances, legal status, consents and the case record."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..field_crypto import encrypt_columns
from ._common import in_range, one_of, utcnow

if TYPE_CHECKING:
    from .employers import Employer
    from .referrals import Referral
    from .users import User

GENDERS = ("female", "male", "other", "undisclosed")
# released: completed a prison sentence; probation: conditional early release.
LEGAL_STATUSES = ("released", "probation", "suspended_sentence", "non_custodial", "supervision",
                  "amnesty", "expunged")
# The closed list of offence categories: matching.taxonomy.OFFENCE_CATEGORIES' keys (a test keeps
# the two equal; models do not import matching).
OFFENCE_CODES = ("property", "drugs", "violence", "traffic", "fraud", "other")
# The main sentence, as art. 70 of the Criminal Code 2015 counts it.
SENTENCE_KINDS = ("warning", "fine", "non_custodial_reform", "suspended", "prison", "life",
                  "death_commuted")
CONSENT_PURPOSES = ("profile", "employer", "offence", "model_use", "keep_after_referral")
NOTE_KINDS = ("note", "visit", "call")
SUPPORT_KINDS = ("loan", "training", "health_insurance", "papers", "gift", "job_introduction", "other")
MILESTONE_KINDS = ("probation_shortened", "expunged", "out_of_management", "other")
HEALTH_LIMITS = ("no_heavy_lifting", "no_long_standing", "no_heights", "no_night_work",
                 "regular_treatment", "sight_or_hearing")

# The fields that are sensitive personal data under Law 91/2025/QH15: never shown to an
# employer, logged when viewed, purged on expungement.
SENSITIVE_FIELDS = {
    "conviction": ("legal_status", "offence_category", "sentence_kind", "sentence_months",
                   "release_date", "supervision_end", "penalty_end", "travel_restricted",
                   "expungement_date"),
    "health": ("health_notes", "health_limits"),
    "address": ("address_line",),
}


class CandidateProfile(db.Model):
    __tablename__ = "candidate_profiles"
    __table_args__ = (
        one_of("gender", GENDERS),
        one_of("legal_status", LEGAL_STATUSES),
        one_of("offence_category", OFFENCE_CODES),
        one_of("sentence_kind", SENTENCE_KINDS),
        CheckConstraint("sentence_months IS NULL OR sentence_months BETWEEN 1 AND 360",
                        name="sentence_months_range"),
        in_range("education", 0, 6),
        in_range("physical_capacity", 0, 3),
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1930 AND 2015", name="birth_year_range"),
        CheckConstraint("wage_expectation IS NULL OR wage_expectation >= 0", name="wage_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Null until the person claims the profile a caseworker made for them.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    caseworker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    full_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None]
    gender: Mapped[str] = mapped_column(String(12), default="undisclosed")
    province_code: Mapped[int]
    ward_code: Mapped[int] = mapped_column(index=True)
    # Text, not String(200): it may hold the AES-GCM ciphertext of 200 characters (FIELD_KEY).
    address_line: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str | None] = mapped_column(String(16))
    # The 12-digit citizen identity number (CCCD): how an imported list finds a person again.
    citizen_id: Mapped[str | None] = mapped_column(String(12), unique=True, index=True)
    education: Mapped[int] = mapped_column(default=2)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    experience: Mapped[str] = mapped_column(Text, default="")
    physical_capacity: Mapped[int] = mapped_column(default=2)
    health_notes: Mapped[str] = mapped_column(Text, default="")
    # Plain categories (HEALTH_LIMITS) the person ticks themself; sensitive like the notes.
    health_limits: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    shifts: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    wage_expectation: Mapped[int | None]
    max_commute_km: Mapped[int | None]
    has_transport: Mapped[bool] = mapped_column(default=False)
    needs_housing: Mapped[bool] = mapped_column(default=False)
    needs_loan: Mapped[bool] = mapped_column(default=False)
    needs_training: Mapped[bool] = mapped_column(default=False)
    needs_papers: Mapped[bool] = mapped_column(default=False)
    needs_health_insurance: Mapped[bool] = mapped_column(default=False)
    legal_status: Mapped[str] = mapped_column(String(20), default="released")
    offence_category: Mapped[str | None] = mapped_column(String(20))
    release_date: Mapped[date | None]
    supervision_end: Mapped[date | None]
    travel_restricted: Mapped[bool] = mapped_column(default=False)
    sentence_kind: Mapped[str | None] = mapped_column(String(24))
    sentence_months: Mapped[int | None]
    # When a supplementary penalty (a ban from an occupation, a residence ban...) ends.
    penalty_end: Mapped[date | None]
    # Computed by services.legal from the sentence and its end (Criminal Code 2015, art. 70).
    expungement_date: Mapped[date | None]
    # A one-time code (hashed) lets the person claim a profile their caseworker made.
    claim_code_hash: Mapped[str | None] = mapped_column(String(255))
    claim_code_expires_at: Mapped[datetime | None]
    # Signed up by the person themself: caseworkers see the profile only after the "profile" consent.
    self_registered: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User | None] = relationship(back_populates="candidate", foreign_keys=[user_id])
    caseworker: Mapped[User | None] = relationship(foreign_keys=[caseworker_id])
    consents: Mapped[list[Consent]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="Consent.created_at"
    )
    referrals: Mapped[list[Referral]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan"
    )
    notes: Mapped[list[CaseNote]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="CaseNote.occurred_on.desc()"
    )
    support_actions: Mapped[list[SupportAction]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan"
    )


class Consent(db.Model):
    """One decision of the candidate's, for one purpose and (optionally) one recipient."""

    __tablename__ = "consents"
    __table_args__ = (one_of("purpose", CONSENT_PURPOSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(24))
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"))
    notice_version: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The reference of the signed paper form, when a caseworker recorded the decision.
    reference: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    candidate: Mapped[CandidateProfile] = relationship(back_populates="consents")
    employer: Mapped[Employer | None] = relationship()

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class CaseNote(db.Model):
    __tablename__ = "case_notes"
    __table_args__ = (one_of("kind", NOTE_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(8), default="note")
    body: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date]
    # A note about the legal case is purged with the conviction record on expungement.
    about_legal_case: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[CandidateProfile] = relationship(back_populates="notes")


class SupportAction(db.Model):
    __tablename__ = "support_actions"
    __table_args__ = (
        one_of("kind", SUPPORT_KINDS),
        CheckConstraint("amount_vnd IS NULL OR amount_vnd >= 0", name="amount_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    amount_vnd: Mapped[int | None]
    # What a loan is for (a motorbike, a pig pen, tools...).
    purpose: Mapped[str] = mapped_column(String(200), default="")
    occurred_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[CandidateProfile] = relationship(back_populates="support_actions")


class Milestone(db.Model):
    __tablename__ = "milestones"
    __table_args__ = (one_of("kind", MILESTONE_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    occurred_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    candidate: Mapped[CandidateProfile] = relationship(back_populates="milestones")


# Health notes and the street address are stored encrypted when FIELD_KEY is set [SECURITY 24].
encrypt_columns(CandidateProfile, ("address_line", "health_notes"))
