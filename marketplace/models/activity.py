"""What the pipeline tells people and what it showed them: notifications, the outbox,
follow-up tasks for caseworkers, and the exposure log of suggestions."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import one_of, utcnow

CHANNELS = ("sms", "email", "zalo")
OUTBOX_STATUSES = ("pending", "sent", "failed")
TASK_KINDS = ("no_show", "placement_ended", "data_request", "other")
EXPOSURE_SURFACES = ("candidate_home", "caseworker_record", "position_candidates", "plan")


class Notification(db.Model):
    """One message in a person's in-app list; the text is made from `template` in their language."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_unread", "recipient_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    template: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class OutboxMessage(db.Model):
    """A message waiting for a sender (SMS, e-mail, Zalo); senders plug in without touching callers."""

    __tablename__ = "outbox"
    __table_args__ = (
        one_of("channel", CHANNELS),
        one_of("status", OUTBOX_STATUSES),
        Index("ix_outbox_pending", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(254))
    channel: Mapped[str] = mapped_column(String(8))
    template: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(2), default="vi")
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))


class CaseTask(db.Model):
    """Something a caseworker must follow up: a no-show, a placement that ended, a data request."""

    __tablename__ = "case_tasks"
    __table_args__ = (one_of("kind", TASK_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Exposure(db.Model):
    """One suggestion shown to someone: what, where, at which rank, with which score and model.

    Kept 180 days; learning from outcomes needs to know what people were shown, not only what
    they picked.
    """

    __tablename__ = "exposures"
    __table_args__ = (one_of("surface", EXPOSURE_SURFACES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shown_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    surface: Mapped[str] = mapped_column(String(20))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    rank: Mapped[int]
    score: Mapped[float]
    model_version: Mapped[str] = mapped_column(String(64))
