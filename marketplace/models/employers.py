"""Employers and the positions (jobs and training seats) they offer."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import in_range, one_of, utcnow

if TYPE_CHECKING:
    from .referrals import Referral
    from .users import EmployerMember, User

POSITION_KINDS = ("job", "training")
# "full": closed by itself when the last seat was taken; it reopens when a seat is returned.
# "paused": the company stopped taking referrals for a while; it reopens when they say so.
POSITION_STATUSES = ("draft", "open", "full", "paused", "closed")
SHIFTS = ("day", "night", "rotating")
# When an employer asks about a conviction record: the later, the fairer.
RECORD_QUESTION_STAGES = ("never", "after_offer", "interview", "application")


class Employer(db.Model):
    __tablename__ = "employers"
    __table_args__ = (one_of("record_question_stage", RECORD_QUESTION_STAGES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(40))
    # 10 digits, 10-3 for a branch, or a household business owner's 12-digit personal number.
    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    province_code: Mapped[int]
    ward_code: Mapped[int] = mapped_column(index=True)
    address_line: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_phone: Mapped[str] = mapped_column(String(16), default="")
    fair_chance_statement: Mapped[str] = mapped_column(Text, default="")
    record_question_stage: Mapped[str] = mapped_column(String(16), default="after_offer")
    # The programme's current decision; the history is in employer_decisions.
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    refused_at: Mapped[datetime | None]
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    suspended_at: Mapped[datetime | None]
    suspension_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[EmployerMember]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )
    positions: Mapped[list[Position]] = relationship(
        back_populates="employer", cascade="all, delete-orphan", order_by="Position.id"
    )
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    @property
    def suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def state(self) -> str:
        """One of EMPLOYER_STATES: where the company stands with the programme."""
        if self.suspended_at is not None:
            return "suspended"
        if self.verified_at is not None:
            return "verified"
        if self.refused_at is not None:
            return "refused"
        return "awaiting"


EMPLOYER_STATES = ("awaiting", "verified", "refused", "suspended")


class Position(db.Model):
    __tablename__ = "positions"
    __table_args__ = (
        one_of("kind", POSITION_KINDS),
        one_of("status", POSITION_STATUSES),
        one_of("shift", SHIFTS),
        in_range("min_education", 0, 6),
        in_range("physical_demand", 0, 3),
        CheckConstraint("seats >= 0", name="seats_non_negative"),
        CheckConstraint("filled >= 0 AND filled <= seats", name="filled_within_seats"),
        CheckConstraint("wage_min IS NULL OR wage_max IS NULL OR wage_min <= wage_max", name="wage_order"),
        CheckConstraint("duration_weeks IS NULL OR duration_weeks BETWEEN 1 AND 260",
                        name="duration_weeks_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="job")
    title: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    required_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferred_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_education: Mapped[int] = mapped_column(default=0)
    physical_demand: Mapped[int] = mapped_column(default=1)
    shift: Mapped[str] = mapped_column(String(10), default="day")
    wage_min: Mapped[int | None]
    wage_max: Mapped[int | None]
    seats: Mapped[int] = mapped_column(default=1)
    # Raised only by a conditional UPDATE so that concurrent approvals never overfill [SECURITY 26].
    filled: Mapped[int] = mapped_column(default=0)
    province_code: Mapped[int]
    ward_code: Mapped[int] = mapped_column(index=True)
    housing_provided: Mapped[bool] = mapped_column(default=False)
    transport_provided: Mapped[bool] = mapped_column(default=False)
    # The offence categories the company excludes (what matching filters on) and, for each, the
    # company's reason: the law lets it exclude only what is relevant to the job. Written together
    # by services.positions.
    excluded_offences: Mapped[list[str]] = mapped_column(JSON, default=list)
    exclusion_reasons: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    # A training seat: how long, which certificate, and the job at the same company it leads to.
    duration_weeks: Mapped[int | None]
    certificate: Mapped[str] = mapped_column(String(200), default="")
    leads_to_position_id: Mapped[int | None] = mapped_column(
        ForeignKey("positions.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    employer: Mapped[Employer] = relationship(back_populates="positions")
    referrals: Mapped[list[Referral]] = relationship(back_populates="position")
    leads_to: Mapped[Position | None] = relationship(
        remote_side=[id], foreign_keys=[leads_to_position_id], back_populates="trained_by")
    trained_by: Mapped[list[Position]] = relationship(
        foreign_keys=[leads_to_position_id], back_populates="leads_to", order_by="Position.id")

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.filled, 0)
