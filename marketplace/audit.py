"""Writing the audit trail from a request: who, where, what categories, why [SECURITY 20]."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import Select, select

from .clock import PROGRAMME_ZONE
from .extensions import db
from .models import AuditEvent
from .security import client_ip


def record(action: str, subject_type: str | None = None, subject_id: int | None = None,
           categories: tuple[str, ...] | list[str] = (), purpose: str | None = None,
           outcome: str = "success", actor=None, row_count: int | None = None) -> AuditEvent:
    """Add an audit event to the session; the caller commits before the page renders.

    `actor` is who acted when it is not the signed-in page user (an API token's user);
    `row_count` how many rows an export carried out. Outside a request (a `flask` command) there
    is no address and the route is "cli"."""
    in_request = has_request_context()
    user = actor if actor is not None else (
        current_user if in_request and current_user.is_authenticated else None)
    ward = None
    if user is not None and user.role == "caseworker" and user.caseworker and user.caseworker.areas:
        ward = user.caseworker.areas[0].ward_code
    event = AuditEvent(
        user_id=user.id if user else None,
        role=user.role if user else None,
        ward_code=ward,
        ip=client_ip() if in_request else None,
        route=(request.endpoint or "")[:120] if in_request else "cli",
        request_id=getattr(g, "request_id", None),
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        categories=list(categories),
        purpose=purpose,
        row_count=row_count,
        outcome=outcome,
    )
    db.session.add(event)
    return event


def failed_login(login: str, refused: bool = False) -> AuditEvent:
    """A wrong password (or one refused by the limit): the account tried, when it exists, and
    never the login typed (a phone number is personal data)."""
    from .services.accounts import find_user

    known = find_user(login)
    return record("login_refused" if refused else "login_failed", "user" if known else None,
                  known.id if known else None, outcome="denied" if refused else "failure")


def _day_start(day: date) -> datetime:
    """Midnight of a programme day (Việt Nam), in UTC."""
    return datetime.combine(day, time(), PROGRAMME_ZONE).astimezone(timezone.utc)


def search(person: int | None = None, user: int | None = None, action: str | None = None,
           since: date | None = None, until: date | None = None) -> Select:
    """The audit log filtered for the admin page, newest first. `person` is a candidate record:
    views of it, and anything its own account did."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if person is not None:
        query = query.where(AuditEvent.subject_type == "candidate", AuditEvent.subject_id == person)
    if user is not None:
        query = query.where(AuditEvent.user_id == user)
    if action:
        query = query.where(AuditEvent.action == action)
    if since is not None:
        query = query.where(AuditEvent.at >= _day_start(since))
    if until is not None:
        query = query.where(AuditEvent.at < _day_start(until + timedelta(days=1)))
    return query


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
