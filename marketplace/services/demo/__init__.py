"""A believable demo programme for an empty database (development and tests only [SECURITY 4]).

`seed()` builds the four provincial programmes of DESIGN.md: staff and their communes, employers
and their positions, ~200 people returning, 18 months of referrals whose outcomes carry the
signal a ranker should learn, and the casework around them. It flushes; the caller commits.
The static tables live in data.py; people.py builds staff, employers, positions and
people, history.py the referrals and casework.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timezone

from flask import current_app
from sqlalchemy import func, select

from ...extensions import db
from ...models import CandidateProfile, Employer, User
from .base import CURRENT_HIRE_DAYS, DEMO_PASSWORD, DemoLogin, _login_keys, tax_code
from .builder import Builder

__all__ = ["CURRENT_HIRE_DAYS", "DEMO_PASSWORD", "DemoLogin", "DemoRefused", "demo_logins", "is_empty", "seed", "tax_code"]


class DemoRefused(RuntimeError):
    """Seeding refused: demo mode off, app not in debug/testing, or the database has data."""


def is_empty() -> bool:
    """True when there are no users, employers or candidate profiles yet."""
    return all(
        db.session.scalar(select(func.count()).select_from(model)) == 0
        for model in (User, Employer, CandidateProfile)
    )


def seed(seed: int = 2026, *, today: date | None = None) -> list[DemoLogin]:
    """Fill an empty database with the demo programme; return the eight demo logins.

    The same seed gives the same programme; dates are laid out backwards from `today`.
    """
    if not current_app.config.get("DEMO_MODE") or not (current_app.debug or current_app.testing):
        raise DemoRefused("Demo data needs DEMO_MODE on and the app in debug or testing mode.")
    if not is_empty():
        raise DemoRefused("The database is not empty: demo data goes only into an empty one.")
    # A seeded generator on purpose: the same seed gives the same demo; nothing here is a secret.
    builder = Builder(random.Random(seed), today or datetime.now(timezone.utc).date())  # nosec B311
    with db.session.no_autoflush:  # flush when we choose, not on every attribute read
        return builder.build()


def demo_logins() -> list[DemoLogin]:
    """The eight demo logins that exist in this database, for printing at every `make run`."""
    found = []
    for role, key in _login_keys():
        user = db.session.scalar(select(User).where((User.email == key) | (User.phone == key)))
        if user is not None and user.role == role:
            found.append(DemoLogin(role, key, DEMO_PASSWORD, user.full_name))
    return found


