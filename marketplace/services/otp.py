"""One-time codes that prove a phone number: made, hashed, counted and checked.

A code is stored only as a keyed hash (HMAC with the app's secret key), expires after
CODE_LIFETIME, accepts MAX_TRIES wrong tries and is used once. Sends are counted per number and
per address in the database, so every worker sees the same figure [SECURITY 3].
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone
from enum import Enum

from flask import current_app
from sqlalchemy import delete, func, select, update

from .. import clock
from ..extensions import db
from ..models import OneTimeCode

CODE_LIFETIME = timedelta(minutes=10)
MAX_TRIES = 5
SEND_WINDOW = timedelta(hours=1)
KEEP = timedelta(days=1)


class Check(Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    LOCKED = "locked"


def keyed_hash(purpose: str, code: str) -> str:
    """The stored form of a code: useless without the secret key, even for 6 digits."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def too_many_sends(phone: str, ip: str) -> bool:
    """True when this number or this address was sent MAX sends in the last hour."""
    cfg = current_app.config
    since = clock.now() - SEND_WINDOW
    recent = select(func.count()).select_from(OneTimeCode).where(OneTimeCode.created_at >= since)
    if db.session.scalar(recent.where(OneTimeCode.phone == phone)) >= cfg["OTP_MAX_SENDS_PER_NUMBER"]:
        return True
    return db.session.scalar(recent.where(OneTimeCode.ip == ip)) >= cfg["OTP_MAX_SENDS_PER_ADDRESS"]


def issue(phone: str, ip: str, code: str, payload: dict, purpose: str = "signup") -> OneTimeCode:
    """Store a new code (hashed) for a number; earlier unused codes of the number stop working."""
    now = clock.now()
    db.session.execute(delete(OneTimeCode).where(OneTimeCode.created_at < now - KEEP)
                       .execution_options(synchronize_session=False))
    db.session.execute(
        update(OneTimeCode)
        .where(OneTimeCode.phone == phone, OneTimeCode.purpose == purpose, OneTimeCode.used_at.is_(None))
        .values(expires_at=now).execution_options(synchronize_session=False))
    row = OneTimeCode(purpose=purpose, phone=phone, ip=ip, code_hash=keyed_hash(purpose, code),
                      created_at=now, expires_at=now + CODE_LIFETIME, payload=payload)
    db.session.add(row)
    db.session.flush()
    return row


def check(row: OneTimeCode, code: str) -> Check:
    """Try a code against a stored one. A wrong try is counted; a right one uses the code up.

    Both are conditional UPDATEs, so two tries at once can never use a code twice nor exceed
    the tries.
    """
    if row.used_at is not None:
        return Check.USED
    if row.attempts >= MAX_TRIES:
        return Check.LOCKED
    if aware(row.expires_at) <= clock.now():
        return Check.EXPIRED
    right = hmac.compare_digest(row.code_hash, keyed_hash(row.purpose, (code or "").strip()))
    still_open = (OneTimeCode.id == row.id, OneTimeCode.used_at.is_(None),
                  OneTimeCode.attempts < MAX_TRIES)
    if not right:
        db.session.execute(update(OneTimeCode).where(*still_open)
                           .values(attempts=OneTimeCode.attempts + 1)
                           .execution_options(synchronize_session=False))
        db.session.refresh(row)
        return Check.LOCKED if row.attempts >= MAX_TRIES else Check.WRONG
    used = db.session.execute(update(OneTimeCode).where(*still_open).values(used_at=clock.now())
                              .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(row)
    return Check.OK if used == 1 else Check.USED


def tries_left(row: OneTimeCode) -> int:
    return max(MAX_TRIES - row.attempts, 0)

