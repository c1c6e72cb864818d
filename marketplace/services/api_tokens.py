"""Issuing, checking and revoking API tokens."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from .. import clock
from ..extensions import db
from ..models import ApiToken, User

# Staff tokens last a working day; a person's phone app stays signed in for a month.
LIFETIME = {"candidate": timedelta(days=30)}
STAFF_LIFETIME = timedelta(hours=12)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(user: User) -> tuple[str, ApiToken]:
    """A new random token (32 bytes) for a user who just proved their password; shown once."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_digest(token), session_token=user.session_token,
                   created_at=clock.now(),
                   expires_at=clock.now() + LIFETIME.get(user.role, STAFF_LIFETIME))
    db.session.add(row)
    db.session.flush()
    return token, row


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def resolve(token: str) -> tuple[User, ApiToken] | None:
    """The active user behind a token, or None when it is unknown, expired, revoked or ended."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= clock.now():
        return None
    user = row.user
    if not user.active or user.session_token != row.session_token:
        return None
    return user, row


def revoke(row: ApiToken) -> None:
    db.session.execute(update(ApiToken).where(ApiToken.id == row.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=clock.now()).execution_options(synchronize_session=False))
