"""Several logins per company: the owner invites a member with a one-time code, removes one.

The code is shown once to the owner (who passes it on by phone or message); only its SHA-256 is
stored. It works once, for the invited phone or e-mail alone, for INVITATION_DAYS days. Removing a
member closes their account and ends their sessions at once [SECURITY 6].
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import clock, login_limit
from ..extensions import db
from ..models import Employer, EmployerInvitation, EmployerMember, User
from ..passwords import hash_password
from . import accounts
from .employers import EmployerError, is_owner

INVITATION_DAYS = 7
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
CODE_LENGTH = 10


class InvitationRefused(EmployerError):
    """The code, the login or the invitation does not fit; one message for all, on purpose."""

    def __init__(self) -> None:
        super().__init__(_l("This code does not work for this phone or e-mail. It may be mistyped, "
                            "used already, or older than 7 days: ask the company for a new one."),
                         "code")


def _hash(code: str) -> str:
    plain = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(plain.encode("ascii", "ignore")).hexdigest()


def _owner_only(actor: User, employer: Employer) -> None:
    if not is_owner(actor, employer):
        raise EmployerError(_l("Only the company's account holder can manage its logins."))


def invite(actor: User, employer: Employer, login: str) -> tuple[EmployerInvitation, str]:
    """A new invitation; returns it with the code, which is never stored nor shown again."""
    _owner_only(actor, employer)
    key = accounts.normalise_login(login)
    # No "this number already has an account" here: it would tell the company that a phone
    # belongs to someone registered with the programme. A login that cannot join fails at
    # the code step with the same message as a wrong code.
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = clock.now()
    invitation = EmployerInvitation(employer_id=employer.id, login=key, code_hash=_hash(code),
                                    invited_by_id=actor.id, created_at=now,
                                    expires_at=now + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    return invitation, f"{code[:5]}-{code[5:]}"


def _rejoinable(user: User) -> bool:
    """A member removed earlier (closed, with no company) may be invited again."""
    return user.role == "employer" and user.membership is None and not user.active


def pending(employer: Employer) -> list[EmployerInvitation]:
    return list(db.session.scalars(select(EmployerInvitation).where(
        EmployerInvitation.employer_id == employer.id, EmployerInvitation.used_at.is_(None),
        EmployerInvitation.revoked_at.is_(None), EmployerInvitation.expires_at > clock.now())
        .order_by(EmployerInvitation.created_at.desc())))


def revoke(actor: User, invitation: EmployerInvitation) -> None:
    _owner_only(actor, invitation_employer(invitation))
    db.session.execute(update(EmployerInvitation).where(
        EmployerInvitation.id == invitation.id, EmployerInvitation.used_at.is_(None))
        .values(revoked_at=clock.now()).execution_options(synchronize_session=False))


def invitation_employer(invitation: EmployerInvitation) -> Employer:
    return db.session.get(Employer, invitation.employer_id)


def accept(login: str, code: str, full_name: str, password: str, ip: str, locale: str = "vi") -> User:
    """The invited person sets their name and password; the code is spent in the same change.

    Every try is limited like a login (login_limit, under "join:<phone or e-mail>"), its place
    taken before the code is checked so that tries at once cannot all slip under the limit; a
    right code gives it back. Raises accounts.TooManyAttempts past the limit."""
    key = accounts.normalise_login(login)
    counter = f"join:{key}"[:254]
    if not login_limit.admit(counter, ip):
        raise accounts.TooManyAttempts
    now = clock.now()
    invitation = db.session.scalar(select(EmployerInvitation).where(
        EmployerInvitation.code_hash == _hash(code), EmployerInvitation.login == key))
    usable = (invitation is not None and invitation.used_at is None and invitation.revoked_at is None
              and _aware(invitation.expires_at) > now)
    existing = accounts.find_user(key)
    if not usable or (existing is not None and not _rejoinable(existing)):
        raise InvitationRefused()  # the try stays counted
    spent = db.session.execute(
        update(EmployerInvitation).where(EmployerInvitation.id == invitation.id,
                                         EmployerInvitation.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    if spent != 1:
        raise InvitationRefused()
    if existing is not None:
        user = existing
        user.full_name, user.password_hash, user.active = full_name.strip(), hash_password(password), True
        accounts.end_sessions(user)
    else:
        user = accounts._new_user("employer", full_name, key, password, locale)
    db.session.add(EmployerMember(user=user, employer_id=invitation.employer_id, role="member"))
    db.session.flush()
    db.session.execute(update(EmployerInvitation).where(EmployerInvitation.id == invitation.id)
                       .values(used_by_id=user.id).execution_options(synchronize_session=False))
    login_limit.succeeded(counter, ip)
    return user


def _aware(moment):
    # SQLite hands back naive datetimes (stored in UTC); PostgreSQL keeps the zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def remove(actor: User, employer: Employer, member_user: User) -> None:
    """The owner removes a member: no longer of the company, account closed, sessions ended."""
    _owner_only(actor, employer)
    membership = member_user.membership
    if membership is None or membership.employer_id != employer.id:
        raise EmployerError(_l("This person is not a member of your company."))
    if member_user.id == actor.id or membership.is_owner:
        raise EmployerError(_l("The account holder cannot be removed."))
    db.session.delete(membership)
    member_user.membership = None
    accounts.set_active(member_user, False)
    db.session.flush()
