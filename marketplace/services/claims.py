"""Claiming a profile a caseworker made: a one-time code on a printed slip.

The caseworker's page calls `issue_claim_code` and prints the code it returns; the person types
their phone and the code, sets a password, and the profile becomes theirs. Codes are 8 characters
from an alphabet without look-alikes, valid CODE_LIFETIME, used once, stored only as a keyed hash.
Every try takes its place in the login limit (marketplace/login_limit.py, under "claim:<phone>":
per number and address, per address, per number slowed down) *before* the code is checked, in one
conditional statement, so many tries at once cannot all slip under the limit; a right code gives
the place back, a wrong or expired one keeps it.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from .. import clock, login_limit
from ..extensions import db
from ..fields import normalise_phone
from ..models import CandidateProfile, User
from ..passwords import hash_password
from ..scopes import candidates_in_care
from .otp import aware, keyed_hash
from .signup import SignupError, insert_candidate_user

# No 0/O, 1/I/L: letters people confuse when they copy a slip.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(days=7)


class ClaimError(SignupError):
    message = _l("This code cannot be used.")


class NotAllowed(ClaimError):
    message = _l("You cannot make a sign-up code for this person.")


class AlreadyClaimed(ClaimError):
    message = _l("This person already has an account.")


class CodeWrong(ClaimError):
    message = _l("This code is not right, or it was already used. Check the slip and the phone number.")


class CodeExpired(ClaimError):
    message = _l("This code has expired. Ask your caseworker for a new slip.")


class TooManyTries(ClaimError):
    message = _l("Too many wrong tries. Please wait 15 minutes, or ask your caseworker.")


class NumberTaken(ClaimError):
    message = _l("This phone number already has an account. Log in with it, or ask your "
                 "caseworker to help.")


def normalise_code(code: str) -> str:
    """What the person typed, as stored: capitals, without spaces or dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def format_code(code: str) -> str:
    """For the slip: ABCD-EFGH is easier to copy than ABCDEFGH."""
    return f"{code[:4]}-{code[4:]}"


def issue_claim_code(actor: User, profile: CandidateProfile) -> str:
    """A new code for a profile without an account (an older code stops working); returns it
    once, in clear, for the slip."""
    if actor.role == "caseworker":
        in_care = db.session.scalar(candidates_in_care(actor).where(CandidateProfile.id == profile.id)
                                    .with_only_columns(CandidateProfile.id))
        if in_care is None:
            raise NotAllowed()
    elif actor.role != "admin":
        raise NotAllowed()
    if profile.user_id is not None:
        raise AlreadyClaimed()
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    profile.claim_code_hash = keyed_hash("claim", code)
    profile.claim_code_expires_at = clock.now() + CODE_LIFETIME
    db.session.flush()
    return code


def claim(phone: str, code: str, password: str, ip: str = "unknown", locale: str = "vi") -> User:
    """Make the account of the profile whose slip this is; raises a ClaimError otherwise."""
    phone = normalise_phone(phone)
    key = f"claim:{phone}"
    if not login_limit.admit(key, ip):  # counted now; a right code gives it back below
        raise TooManyTries()
    code_hash = keyed_hash("claim", normalise_code(code))
    profile = db.session.scalars(select(CandidateProfile).where(
        CandidateProfile.claim_code_hash == code_hash, CandidateProfile.user_id.is_(None))).first()
    # A slip is bound to the number the caseworker wrote down, when they wrote one.
    if profile is None or (profile.phone and normalise_phone(profile.phone) != phone):
        raise CodeWrong()
    if aware(profile.claim_code_expires_at) is None or aware(profile.claim_code_expires_at) <= clock.now():
        raise CodeExpired()
    user = insert_candidate_user(phone, profile.full_name, hash_password(password), locale)
    if user is None:
        raise NumberTaken()
    # Conditional on the code still being there: two claims at once make one owner.
    taken = db.session.execute(
        update(CandidateProfile)
        .where(CandidateProfile.id == profile.id, CandidateProfile.user_id.is_(None),
               CandidateProfile.claim_code_hash == code_hash)
        .values(user_id=user.id, phone=phone, claim_code_hash=None, claim_code_expires_at=None)
        .execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        db.session.execute(delete(User).where(User.id == user.id))
        raise CodeWrong()
    login_limit.succeeded(key, ip)
    db.session.refresh(profile)
    db.session.refresh(user)
    return user
