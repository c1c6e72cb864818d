"""Referrals of a candidate to a position, their history and retention checks.

The statuses live here because the database checks them; which role may move a referral from one
status to another is the pipeline's table in `services/referral_states.py`.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import one_of, utcnow

if TYPE_CHECKING:
    from .candidates import CandidateProfile
    from .employers import Position

OPEN_STATUSES = ("proposed", "approved", "sent", "interview")
ENDED_STATUSES = ("declined", "withdrawn", "left")
# Ended without a hire: the company stops seeing the person, and its side is purged after a month,
# unless the person agreed that it may keep their data [SECURITY 23].
ENDED_UNHIRED = ("declined", "withdrawn")
REFERRAL_STATUSES = OPEN_STATUSES + ("hired",) + ENDED_STATUSES
DECLINE_REASONS = (
    "skills", "no_show", "schedule", "distance", "health", "record", "seat_filled",
    "candidate_declined", "other",
)
LEFT_REASONS = ("better_job", "health", "family", "distance", "wage", "conflict", "dismissed", "other")
RETENTION_DAYS = (30, 90, 180)


class Referral(db.Model):
    __tablename__ = "referrals"
    __table_args__ = (
        UniqueConstraint("candidate_id", "position_id"),
        one_of("status", REFERRAL_STATUSES),
        one_of("decline_reason", DECLINE_REASONS),
        one_of("left_reason", LEFT_REASONS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    # Changed only by services.referrals, with a conditional UPDATE on the status it leaves.
    status: Mapped[str] = mapped_column(String(12), default="proposed", index=True)
    decline_reason: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    interview_on: Mapped[date | None]
    start_on: Mapped[date | None]
    hired_at: Mapped[datetime | None]
    left_on: Mapped[date | None]
    left_reason: Mapped[str | None] = mapped_column(String(20))
    # the person's ranking features when the referral was (last) proposed; what matching learns from
    candidate_features: Mapped[dict | None] = mapped_column(JSON)

    candidate: Mapped[CandidateProfile] = relationship(back_populates="referrals")
    position: Mapped[Position] = relationship(back_populates="referrals")
    events: Mapped[list[ReferralEvent]] = relationship(
        back_populates="referral", cascade="all, delete-orphan",
        order_by="(ReferralEvent.at, ReferralEvent.id)"
    )
    retention_checks: Mapped[list[RetentionCheck]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="RetentionCheck.day"
    )

    @property
    def ended(self) -> bool:
        return self.status in ENDED_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralEvent(db.Model):
    """Append-only status history of a referral: one row per change, written with the change."""

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
    """A check that a hired person still works there, scheduled at hire, answered later."""

    __tablename__ = "retention_checks"
    __table_args__ = (
        UniqueConstraint("referral_id", "day"),
        CheckConstraint("day IN (30, 90, 180)", name="day_valid"),
        Index("ix_retention_checks_open_due", "retained", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    day: Mapped[int]
    due_on: Mapped[date]
    # None until answered: "still working" (True) or "left" (False).
    retained: Mapped[bool | None]
    checked_at: Mapped[datetime | None]
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    referral: Mapped[Referral] = relationship(back_populates="retention_checks")

    @property
    def answered(self) -> bool:
        return self.retained is not None
