"""What the demo's parts share: constants, the login record and the builder's row types."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from ...models import CandidateProfile, Position
from . import data

# Published in the README on purpose; it opens nothing outside demo mode (services/accounts.py).
DEMO_PASSWORD = "loive-demo-2026"  # nosec B105
NOTICE_VERSION = "2026-01"
HISTORY_REFERRALS = 300
ACTIVE_REFERRALS = 30
# A hire holds one of the position's seats for this long, unless a retention check says they left.
CURRENT_HIRE_DAYS = 183
RETENTION_DAYS = (30, 90, 180)
STEPS = ("proposed", "approved", "sent", "interview")


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass
class _Cand:
    """A profile plus what the generator needs to know about it."""
    profile: CandidateProfile
    available: date  # referred only after release and after the profile was made
    consented: bool  # profile consent: no referral without it
    employed_until: date | None = None


@dataclass
class _Pos:
    position: Position
    employer: data.EmployerRow
    hires: list[tuple[date, bool]] = field(default_factory=list)  # (hired on, still there)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    login: str
    password: str
    name: str


def _login_keys() -> tuple[tuple[str, str], ...]:
    """Two of each role, the first of each table: the ones README lists."""
    return (("admin", data.ADMINS[0][0]), ("admin", data.ADMINS[1][0]),
            ("caseworker", data.CASEWORKERS[0].login), ("caseworker", data.CASEWORKERS[1].login),
            ("employer", data.EMPLOYERS[0].members[0][0]), ("employer", data.EMPLOYERS[1].members[0][0]),
            ("candidate", data.DEMO_CANDIDATES[0].phone), ("candidate", data.DEMO_CANDIDATES[1].phone))


def require(condition: bool, detail: object = "") -> None:
    """The demo checks its own tables as it builds (an assert would vanish under python -O)."""
    if not condition:
        raise ValueError(f"inconsistent demo data: {detail!r}")


def tax_code(base: str) -> str:
    """A 10-digit Vietnamese tax code: nine digits and their mod-11 check digit."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    if len(base) != len(weights):
        raise ValueError(f"{base} cannot carry a check digit")
    check = 10 - sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
    if check == 10:
        raise ValueError(f"{base} cannot carry a check digit")
    return base + str(check)
