"""The demo builder: shared state and small helpers; the parts live in people.py and history.py."""
from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta, timezone


from matching.taxonomy import OFFENCE_CATEGORIES, SECTORS, SHIFTS, SKILLS

from ... import locations
from ...extensions import db
from ...models import (
    Employer,
    User,
)
from ...passwords import hash_password
from . import data
from .base import (
    DEMO_PASSWORD, DemoLogin, _Cand, _Pos, _login_keys, require,
)
from .history import History
from .people import People
from .teams import Teams

class Builder(People, History, Teams):
    """Holds the random source, the date and what has been built so far."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng, self.today = rng, today
        # History ends at midnight (UTC) starting `today`: nothing is dated in the future.
        self.now = datetime.combine(today, time(0), tzinfo=timezone.utc)
        self.printed = {key for _role, key in _login_keys()}
        self.users: dict[str, User] = {}
        self.ward_caseworkers: dict[int, list[User]] = {}
        self.employers: dict[str, Employer] = {}
        self.positions: list[_Pos] = []
        self.cands: list[_Cand] = []
        self.demo_cands: list[_Cand] = []
        self.pairs: set[tuple[int, int]] = set()
        self.fits: dict[tuple[int, int], dict[str, float]] = {}
        self.employer_consents: dict[tuple[int, str], datetime] = {}
        self.phones: set[str] = {row.phone for row in data.DEMO_CANDIDATES}

    def build(self) -> list[DemoLogin]:
        self._check_tables()
        self._staff()
        self._employers()
        self._positions()
        self._candidates()
        db.session.flush()  # ids for the actor / recorded_by columns that have no relationship
        self._history()
        self._fill_seats()
        self._demo_referrals()
        self._active_referrals()
        self._consents()
        self._casework()
        db.session.flush()
        self._care_teams()
        db.session.flush()
        self._recent_notifications()
        return self._logins()

    # ---- small helpers ----------------------------------------------------------------------
    def _pick(self, weights: dict):
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _at(self, day: date) -> datetime:
        """A moment in office hours (07:30-17:00 in Vietnam, UTC+7) on that day, in UTC."""
        start = datetime.combine(day, time(0, 30), tzinfo=timezone.utc)
        return start + timedelta(minutes=self.rng.randint(0, 570))

    def _ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def _ahead(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    def _between(self, since: date) -> date:
        """A day from `since` up to yesterday."""
        span = max((self.today - since).days - 1, 0)
        return since + timedelta(days=self.rng.randint(0, span))

    def _user(self, role: str, name: str, login: str, created: date) -> User:
        user = User(role=role, full_name=name, password_hash=self._password_hash(login),
                    created_at=self._at(created), **{"email" if "@" in login else "phone": login})
        db.session.add(user)
        self.users[login] = user
        return user

    def _password_hash(self, login: str) -> str:
        """The eight printed demo logins get the demo password, each its own argon2 hash (a shared
        hash would tell that the accounts share a password); everyone else in the demo gets a
        distinct hash that no password matches, so fewer accounts carry a published password."""
        if login in self.printed:
            return hash_password(DEMO_PASSWORD)
        return "!no-login:" + secrets.token_hex(16)

    def _phone(self) -> str:
        while True:
            phone = self.rng.choice(data.PHONE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    @staticmethod
    def _check_tables() -> None:
        """Every code and commune the tables use must exist, or the demo teaches wrong data."""
        for province, wards in data.PROVINCE_WARDS.items():
            for ward in wards:
                require(locations.is_valid_pair(province, ward), (province, ward))
        for row in data.EMPLOYERS:
            require(row.sector in SECTORS and locations.is_valid_pair(row.province, row.ward), row)
        for row in data.POSITIONS:
            require(row.sector in SECTORS and set(row.required + row.preferred) <= set(SKILLS), row)
            require(set(row.excluded) <= set(OFFENCE_CATEGORIES) and row.shift in SHIFTS, row)
        for row in data.DEMO_CANDIDATES:
            require(set(row.skills) <= set(SKILLS) and set(row.sectors) <= set(SECTORS), row)
            require(row.offence in OFFENCE_CATEGORIES, row)
        require(set(data.EXPERIENCE) <= set(SKILLS))
        require({s for shifts in data.SHIFT_CHOICES for s in shifts} <= set(SHIFTS))
        require(set(data.OFFENCE_WEIGHTS) == set(OFFENCE_CATEGORIES))

    # ---- staff, employers, positions ----------------------------------------------------------
    def _logins(self) -> list[DemoLogin]:
        return [DemoLogin(role, key, DEMO_PASSWORD, self.users[key].full_name)
                for role, key in _login_keys()]

