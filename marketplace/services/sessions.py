"""Signed-in devices: one row per login, with absolute and idle lifetimes [SECURITY 5-7].

Staff (caseworkers, employers, admins) see conviction and health data at work: 12 hours at most,
30 minutes idle. Candidates are often on a phone shared with family: 30 days at most, 7 days idle.
The cookie carries only the session's random token; the row holds its hash.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, select, update

from .. import clock
from ..extensions import db
from ..models import User, UserSession


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes (stored in UTC); PostgreSQL keeps the zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def limits(role: str) -> tuple[timedelta, timedelta]:
    """(absolute lifetime, idle timeout) for a role."""
    cfg = current_app.config
    if role == "candidate":
        return cfg["CANDIDATE_SESSION_LIFETIME"], cfg["CANDIDATE_IDLE_TIMEOUT"]
    return cfg["STAFF_SESSION_LIFETIME"], cfg["STAFF_IDLE_TIMEOUT"]


def start(user: User, ip: str, user_agent: str) -> UserSession:
    """A new session for a login; its token goes into the cookie through `user.get_id()`."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row = UserSession(user_id=user.id, token_hash=_digest(token), started_at=now, last_seen_at=now,
                      ip=ip[:45], user_agent=(user_agent or "")[:200])
    db.session.add(row)
    db.session.flush()
    user.current_session_token = token
    return row


def resume(token: str) -> tuple[User, UserSession] | None:
    """The user and session behind a cookie's token, or None when it ended or expired (an
    expired row is deleted). Notes "last seen" at most once a SESSION_SEEN_EVERY."""
    if not token:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _digest(token)))
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    now = clock.now()
    if user is None or not user.active or expired(row, user.role, now):
        db.session.execute(delete(UserSession).where(UserSession.id == row.id))
        return None
    if now - _aware(row.last_seen_at) >= current_app.config["SESSION_SEEN_EVERY"]:
        db.session.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))
    user.current_session_token = token
    return user, row


def expired(row: UserSession, role: str, now: datetime) -> bool:
    lifetime, idle = limits(role)
    return now - _aware(row.started_at) >= lifetime or now - _aware(row.last_seen_at) >= idle


def of_user(user: User) -> list[UserSession]:
    """The user's live sessions, the most recently seen first."""
    now = clock.now()
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                              .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())).all()
    return [row for row in rows if not expired(row, user.role, now)]


def end(user: User, session_id: int) -> bool:
    """Log one of the user's own devices out; False when there is no such session of theirs."""
    return bool(db.session.execute(delete(UserSession).where(
        UserSession.id == session_id, UserSession.user_id == user.id)).rowcount)


def end_all(user: User, keep_id: int | None = None) -> int:
    """Log every device of the user out (but `keep_id`); returns how many."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_id is not None:
        query = query.where(UserSession.id != keep_id)
    return db.session.execute(query).rowcount


def purge(now: datetime | None = None) -> int:
    """Delete every session past its role's lifetime or idle timeout (retention)."""
    now = now or clock.now()
    removed = 0
    for role_is_candidate in (True, False):
        lifetime, idle = limits("candidate" if role_is_candidate else "staff")
        role = User.role == "candidate" if role_is_candidate else User.role != "candidate"
        removed += db.session.execute(delete(UserSession).where(
            UserSession.user_id.in_(select(User.id).where(role)),
            (UserSession.started_at <= now - lifetime) | (UserSession.last_seen_at <= now - idle),
        )).rowcount
    return removed
