"""Append-only records: who saw or changed what; the login limit's counters."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, event, text
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


# Append-only in the database itself [SECURITY 20]: neither the app nor a stray UPDATE/DELETE in a
# shell can rewrite the trail. Retention jobs never touch these rows. The migration and
# create_all (tests) run the same statements, so both schemas behave alike.
APPEND_ONLY_DDL = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
        "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    ),
}
DROP_APPEND_ONLY_DDL = {
    "sqlite": ("DROP TRIGGER IF EXISTS audit_events_no_update",
               "DROP TRIGGER IF EXISTS audit_events_no_delete"),
    "postgresql": ("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
                   "DROP FUNCTION IF EXISTS audit_events_append_only()"),
}


@event.listens_for(AuditEvent.__table__, "after_create")
def _append_only(_table, connection, **_kw) -> None:
    for statement in APPEND_ONLY_DDL.get(connection.dialect.name, ()):
        connection.execute(text(statement))


class LoginCounter(db.Model):
    """One counter of login attempts (per account and address, per address, per account),
    changed only by single conditional statements so that concurrent workers cannot
    overshoot a limit [SECURITY 3]. `next_at` spaces out attempts on a slowed-down account."""

    __tablename__ = "login_counters"

    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(default=0)
    next_at: Mapped[datetime | None]
