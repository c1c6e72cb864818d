"""Accounts, roles and the caseworker's areas."""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import one_of, utcnow

if TYPE_CHECKING:
    from .candidates import CandidateProfile
    from .employers import Employer

ROLES = ("candidate", "caseworker", "employer", "admin")
LOCALES = ("vi", "en")
MEMBER_ROLES = ("owner", "member")
AGENCIES = ("police", "front", "home_affairs", "union", "women_union", "youth_union", "other")


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES), one_of("locale", LOCALES))

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[str] = mapped_column(String(2), default="vi")
    active: Mapped[bool] = mapped_column(default=True)
    # Rotated at logout, password change and deactivation: a copied cookie stops working.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    caseworker: Mapped[CaseworkerProfile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    membership: Mapped[EmployerMember | None] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    candidate: Mapped[CandidateProfile | None] = relationship(
        back_populates="user", foreign_keys="CandidateProfile.user_id"
    )

    # The token of the signed-in device this request runs as (see services/sessions.py): set at
    # login and by the user loader; Flask-Login keeps it in the cookie. Not a column.
    current_session_token = None

    def get_id(self) -> str:
        return self.current_session_token or ""

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def rotate_session_token(self) -> None:
        """API tokens are bound to this value: rotating it revokes them."""
        self.session_token = new_session_token()

    @property
    def login(self) -> str:
        return self.phone or self.email or ""

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class UserSession(db.Model):
    """One signed-in device: its own token (stored hashed), made anew at every login, ended at
    logout, password change, deactivation and past its lifetimes [SECURITY 5-7]."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class CaseworkerProfile(db.Model):
    __tablename__ = "caseworker_profiles"
    __table_args__ = (one_of("agency", AGENCIES),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    agency: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120), default="")

    user: Mapped[User] = relationship(back_populates="caseworker")
    areas: Mapped[list[CaseworkerArea]] = relationship(
        back_populates="caseworker", cascade="all, delete-orphan", order_by="CaseworkerArea.ward_code"
    )

    @property
    def ward_codes(self) -> set[int]:
        return {a.ward_code for a in self.areas}


class CaseworkerArea(db.Model):
    """One commune (ward) in a caseworker's care."""

    __tablename__ = "caseworker_areas"
    __table_args__ = (UniqueConstraint("caseworker_id", "ward_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caseworker_id: Mapped[int] = mapped_column(
        ForeignKey("caseworker_profiles.user_id", ondelete="CASCADE"), index=True
    )
    province_code: Mapped[int]
    ward_code: Mapped[int] = mapped_column(index=True)

    caseworker: Mapped[CaseworkerProfile] = relationship(back_populates="areas")


class EmployerMember(db.Model):
    __tablename__ = "employer_members"
    __table_args__ = (one_of("role", MEMBER_ROLES),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120), default="")
    # The owner edits the company and invites or removes members; a member works on positions.
    role: Mapped[str] = mapped_column(String(8), default="member")

    user: Mapped[User] = relationship(back_populates="membership")
    employer: Mapped[Employer] = relationship(back_populates="members")

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"
