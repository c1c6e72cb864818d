"""Append-only records: who saw or changed what, and failed logins."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import one_of, utcnow

OUTCOMES = ("success", "denied", "failure")


class AuditEvent(db.Model):
    """Categories of data touched, never the values [SECURITY 20]."""

    __tablename__ = "audit_events"
    __table_args__ = (one_of("outcome", OUTCOMES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(index=True)
    role: Mapped[str | None] = mapped_column(String(16))
    ward_code: Mapped[int | None]
    ip: Mapped[str | None] = mapped_column(String(45))
    route: Mapped[str | None] = mapped_column(String(120))
    request_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(index=True)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    purpose: Mapped[str | None] = mapped_column(String(80))
    # How many rows left the system, for an export.
    row_count: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(String(10), default="success")


class LoginAttempt(db.Model):
    """Failed logins, kept in the database so every worker counts the same [SECURITY 3]."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    account_key: Mapped[str] = mapped_column(String(254), index=True)
    ip: Mapped[str] = mapped_column(String(45), index=True)
