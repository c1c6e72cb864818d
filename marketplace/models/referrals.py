"""Referrals of a candidate to a position, their history and retention checks."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import one_of, utcnow

if TYPE_CHECKING:
    from .candidates import CandidateProfile
    from .employers import Position

REFERRAL_STATUSES = (
    "suggested", "proposed", "approved", "sent", "interview", "hired", "declined", "withdrawn",
)
ENDED_STATUSES = ("hired", "declined", "withdrawn")
DECLINE_REASONS = (
    "skills", "no_show", "schedule", "distance", "health", "record", "seat_filled",
    "candidate_declined", "left_early", "other",
)
RETENTION_DAYS = (30, 90, 180)


class Referral(db.Model):
    __tablename__ = "referrals"
    __table_args__ = (
        UniqueConstraint("candidate_id", "position_id"),
        one_of("status", REFERRAL_STATUSES),
        one_of("decline_reason", DECLINE_REASONS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="suggested", index=True)
    decline_reason: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    hired_at: Mapped[datetime | None]

    candidate: Mapped[CandidateProfile] = relationship(back_populates="referrals")
    position: Mapped[Position] = relationship(back_populates="referrals")
    events: Mapped[list[ReferralEvent]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralEvent.at"
    )
    retention_checks: Mapped[list[RetentionCheck]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="RetentionCheck.day"
    )

    @property
    def ended(self) -> bool:
        return self.status in ENDED_STATUSES


class ReferralEvent(db.Model):
    """Append-only status history of a referral."""

    __tablename__ = "referral_events"
    __table_args__ = (one_of("to_status", REFERRAL_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    referral: Mapped[Referral] = relationship(back_populates="events")


class RetentionCheck(db.Model):
    __tablename__ = "retention_checks"
    __table_args__ = (
        UniqueConstraint("referral_id", "day"),
        CheckConstraint("day IN (30, 90, 180)", name="day_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    day: Mapped[int]
    retained: Mapped[bool]
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    referral: Mapped[Referral] = relationship(back_populates="retention_checks")
