"""Accounts: registration, sign-in, sign-out and staff accounts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import or_, select

from ..extensions import db
from ..models import (
    CandidateProfile, CaseworkerArea, CaseworkerProfile, Employer, EmployerMember, User,
)
from .. import login_limit
from ..passwords import dummy_hash, hash_password, verify_password


class TooManyAttempts(Exception):
    """The account or the address failed too often; the caller answers 429."""


@dataclass(frozen=True)
class Area:
    province_code: int
    ward_code: int


def normalise_login(value: str) -> str:
    """E-mails compare case-insensitively; phones as written in the national format."""
    value = value.strip()
    if "@" in value:
        return value.lower()
    digits = "".join(ch for ch in value if ch.isdigit())
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def find_user(login: str) -> User | None:
    key = normalise_login(login)
    if not key:
        return None
    return db.session.scalar(select(User).where(or_(User.email == key, User.phone == key)))


def login_taken(login: str) -> bool:
    return find_user(login) is not None


def tax_code_taken(tax_code: str) -> bool:
    return db.session.scalar(select(Employer.id).where(Employer.tax_code == tax_code.strip())) is not None


def authenticate(login: str, password: str, ip: str) -> User | None:
    """The user whose login and password match, else None; raises TooManyAttempts."""
    key = account_key(login)
    if not login_limit.admit(key, ip):
        raise TooManyAttempts
    user = find_user(login)
    # An unknown login costs the same hash check as a known one: timing tells nothing.
    ok, new_hash = verify_password(user.password_hash if user else dummy_hash(), password)
    ok = ok and user is not None and not _demo_password_outside_demo(password)
    if not ok or not user.active:
        return None  # the attempt stays counted
    if new_hash:
        user.password_hash = new_hash
    login_limit.succeeded(key, ip)
    user.last_login_at = datetime.now(timezone.utc)
    return user


def account_key(login: str) -> str:
    """What the login limit counts an attempt against."""
    return normalise_login(login) or login.strip().lower()[:254]


def check_current_password(user: User, password: str, ip: str) -> bool:
    """The password page's "current password": limited and counted like a login, since a stolen
    session could otherwise guess the password freely [SECURITY 3]. Raises TooManyAttempts."""
    key = account_key(user.login)
    if not login_limit.admit(key, ip):
        raise TooManyAttempts
    ok, _new_hash = verify_password(user.password_hash, password)
    if ok:
        login_limit.succeeded(key, ip)
    return ok


def _demo_password_outside_demo(password: str) -> bool:
    """A database seeded in development keeps the published demo password: outside demo mode it
    opens nothing [SECURITY 4]."""
    from .demo.base import DEMO_PASSWORD

    return password == DEMO_PASSWORD and not current_app.config.get("DEMO_MODE")


def end_sessions(user: User) -> None:
    """Every device of this user is logged out and their API tokens revoked [SECURITY 6]."""
    from . import sessions

    sessions.end_all(user)
    user.rotate_session_token()


def _new_user(role: str, full_name: str, login: str, password: str, locale: str = "vi") -> User:
    key = normalise_login(login)
    user = User(
        role=role,
        full_name=full_name.strip(),
        email=key if "@" in key else None,
        phone=None if "@" in key else key,
        password_hash=hash_password(password),
        locale=locale,
    )
    db.session.add(user)
    return user


def register_candidate(full_name: str, phone: str, password: str, province_code: int,
                       ward_code: int, locale: str = "vi") -> User:
    """A person signs up by phone; their profile starts nearly empty and private."""
    user = _new_user("candidate", full_name, phone, password, locale)
    profile = CandidateProfile(full_name=user.full_name, phone=user.phone,
                               province_code=province_code, ward_code=ward_code, user=user)
    db.session.add(profile)
    db.session.flush()
    return user


def register_employer(full_name: str, login: str, password: str, company: str, sector: str,
                      tax_code: str, province_code: int, ward_code: int, address_line: str = "",
                      locale: str = "vi") -> User:
    """An employer signs up and waits for an admin to verify the company."""
    user = _new_user("employer", full_name, login, password, locale)
    employer = Employer(name=company.strip(), sector=sector, tax_code=tax_code.strip(),
                        province_code=province_code, ward_code=ward_code,
                        address_line=address_line.strip())
    db.session.add(EmployerMember(user=user, employer=employer, role="owner"))
    db.session.flush()
    return user


def create_caseworker(full_name: str, login: str, password: str, agency: str, title: str,
                      areas: list[Area]) -> User:
    user = _new_user("caseworker", full_name, login, password)
    profile = CaseworkerProfile(user=user, agency=agency, title=title.strip())
    db.session.add(profile)
    set_areas(profile, areas)
    db.session.flush()
    return user


def set_areas(profile: CaseworkerProfile, areas: list[Area]) -> None:
    """Replace a caseworker's communes; takes effect on their next request [SECURITY 13]."""
    wanted = {a.ward_code: a for a in areas}
    profile.areas = [a for a in profile.areas if a.ward_code in wanted]
    held = {a.ward_code for a in profile.areas}
    for code, area in wanted.items():
        if code not in held:
            profile.areas.append(CaseworkerArea(province_code=area.province_code, ward_code=code))


def create_admin(full_name: str, login: str, password: str) -> User:
    user = _new_user("admin", full_name, login, password)
    db.session.flush()
    return user


def verify_employer(employer: Employer, admin: User) -> None:
    employer.verified_at = datetime.now(timezone.utc)
    employer.verified_by = admin


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        end_sessions(user)


def change_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    end_sessions(user)
