"""Signing up by phone without telling a stranger whether a number already has an account.

Whether or not the number is taken, the answer is the same: a code row is stored and the person
is asked for the code. A new number gets the code by SMS; a taken number's owner gets a warning
instead, and the stored code is one nobody was sent, so no second account can be made. Which
case happened is never returned to the caller.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..fields import normalise_phone
from ..models import CandidateProfile, OneTimeCode, OutboxMessage, User
from ..models.users import new_session_token
from ..passwords import hash_password
from . import notifications, otp
from .sql import insert_unless_exists


class SignupError(Exception):
    """A refused step; `message` is shown to the person in their language."""

    message = _l("This is not possible now.")

    def __init__(self, message=None, **details) -> None:
        if message is not None:
            self.message = message
        self.details = details
        super().__init__(type(self).__name__)


class TooManySends(SignupError):
    message = _l("Too many codes were sent to this number or from this connection. "
                 "Please wait an hour and try again.")


class CodeWrong(SignupError):
    message = _l("This code is not right. Check the SMS and try again.")


class CodeExpired(SignupError):
    message = _l("This code has expired. Press \"Send a new code\".")


class CodeUsedUp(SignupError):
    message = _l("This code can no longer be used. Press \"Send a new code\".")


class NumberTaken(SignupError):
    message = _l("This number already has an account. Log in with it.")


@dataclass(frozen=True)
class Details:
    full_name: str
    phone: str
    password: str
    province_code: int
    ward_code: int
    locale: str = "vi"


def start(details: Details, ip: str) -> OneTimeCode:
    """Store a sign-up code for the number and send it (or warn the number's owner)."""
    phone = normalise_phone(details.phone)
    payload = {"full_name": details.full_name.strip()[:120], "province_code": details.province_code,
               "ward_code": details.ward_code, "locale": details.locale,
               # Hashed now in both cases, so a taken number costs the same time as a new one.
               "password_hash": hash_password(details.password)}
    return _send(phone, ip, payload)


def resend(row: OneTimeCode, ip: str) -> OneTimeCode:
    """A new code for the same sign-up; counts towards the sends of the hour."""
    return _send(row.phone, ip, dict(row.payload))


def _send(phone: str, ip: str, payload: dict) -> OneTimeCode:
    if otp.too_many_sends(phone, ip):
        raise TooManySends()
    owner = db.session.scalar(select(User).where(User.phone == phone))
    code = otp.new_code()
    if owner is None:
        db.session.add(OutboxMessage(address=phone, channel="sms", template="signup_code",
                                     params={"code": code}, language=payload.get("locale", "vi")))
    else:
        notifications.notify([owner], "signup_attempt_on_taken_number", {})
        code = secrets.token_urlsafe(16)  # stored, never sent: no typed code can match it
    return otp.issue(phone, ip, code, payload)


def complete(row: OneTimeCode | None, code: str) -> User:
    """Check the code; when right, make the account and its private profile."""
    if row is None:
        raise CodeExpired()
    result = otp.check(row, code)
    if result is otp.Check.WRONG:
        raise CodeWrong(tries_left=otp.tries_left(row))
    if result is otp.Check.EXPIRED:
        raise CodeExpired()
    if result is not otp.Check.OK:
        raise CodeUsedUp()
    data = row.payload
    user = insert_candidate_user(row.phone, data["full_name"], data["password_hash"], data.get("locale", "vi"))
    if user is None:  # two sign-ups for one number finished at once: the other one won
        raise NumberTaken()
    db.session.add(CandidateProfile(full_name=user.full_name, phone=user.phone, user=user,
                                    province_code=data["province_code"], ward_code=data["ward_code"],
                                    self_registered=True))
    db.session.flush()
    return user


def insert_candidate_user(phone: str, full_name: str, password_hash: str, locale: str) -> User | None:
    """A candidate account for a number, or None when the number already has one.

    One INSERT that does nothing on a conflict: concurrent identical sign-ups never raise.
    """
    table = User.__table__
    new_id = db.session.execute(insert_unless_exists(
        table, role="candidate", full_name=full_name, phone=phone, email=None,
        password_hash=password_hash, locale=locale, active=True,
        session_token=new_session_token(), created_at=clock.now()).returning(table.c.id)).scalar()
    return db.session.get(User, new_id) if new_id is not None else None
