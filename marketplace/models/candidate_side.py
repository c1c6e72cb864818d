"""What the person's own side of the app keeps: sign-up codes, positions they hid, and their
requests to correct or delete data."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import one_of, utcnow

CODE_PURPOSES = ("signup",)
DATA_REQUEST_KINDS = ("correct", "delete")


class OneTimeCode(db.Model):
    """A code sent by SMS to prove a phone number; stored hashed, single use, few tries.

    Rows are also the send counter: sends per number and per address in the last hour are
    counted here, so every worker sees the same figure.
    """

    __tablename__ = "one_time_codes"
    __table_args__ = (
        one_of("purpose", CODE_PURPOSES),
        Index("ix_one_time_codes_phone_created", "phone", "created_at"),
        Index("ix_one_time_codes_ip_created", "ip", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(12), default="signup")
    phone: Mapped[str] = mapped_column(String(16))
    ip: Mapped[str] = mapped_column(String(45))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]
    # What the sign-up needs once the code is right: name, place, locale and the password hash.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)


class HiddenPosition(db.Model):
    """"Not for me": a position the person does not want suggested again."""

    __tablename__ = "hidden_positions"
    __table_args__ = (UniqueConstraint("candidate_id", "position_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    hidden_at: Mapped[datetime] = mapped_column(default=utcnow)


class DataRequest(db.Model):
    """The person asks their caseworker to correct or delete something; the task is on the
    caseworker's today panel, the words are here."""

    __tablename__ = "data_requests"
    __table_args__ = (one_of("kind", DATA_REQUEST_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("case_tasks.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
