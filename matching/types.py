"""Plain data carried in and out of the matching library.

The dataclasses are frozen so that callers can cache and share them, and
they accept lists or sets wherever a frozenset is expected because profiles
usually arrive from forms or JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Hashable

__all__ = ["Candidate", "Position", "Outcome", "Reason", "Match", "Assignment"]


def _freeze_sets(obj: Any) -> None:
    """Convert every frozenset-typed field of a frozen dataclass in place."""
    for f in fields(obj):
        if "frozenset" not in str(f.type):
            continue
        value = getattr(obj, f.name)
        if value is None:
            frozen = frozenset()
        elif isinstance(value, str):
            # A bare string would otherwise become a set of characters.
            frozen = frozenset([value]) if value else frozenset()
        elif isinstance(value, frozenset):
            continue
        else:
            frozen = frozenset(str(v) for v in value if v is not None and v != "")
        object.__setattr__(obj, f.name, frozen)


@dataclass(frozen=True)
class Candidate:
    """A person looking for work or training.

    Only ``id`` is required; every other field has a neutral default so that
    a partial profile can still be ranked. ``gender``, ``birth_year`` and
    ``offence_category`` are carried for eligibility and fairness auditing
    only and are never ranking features.
    """

    id: Hashable
    skills: frozenset[str] = frozenset()
    education: int = 0
    province: str | None = ""
    ward: str | None = ""
    lat: float | None = None
    lon: float | None = None
    max_commute_km: float | None = None
    has_transport: bool = False
    needs_housing: bool = False
    physical_capacity: int = 1
    shifts: frozenset[str] = frozenset()
    desired_sectors: frozenset[str] = frozenset()
    wage_expectation: int | None = None
    offence_category: str | None = None
    travel_restricted: bool = False
    birth_year: int | None = None
    gender: str | None = None
    text: str = ""

    def __post_init__(self) -> None:
        _freeze_sets(self)


@dataclass(frozen=True)
class Position:
    """A job or training place offered by an employer or training centre.

    ``seats`` is the number of open seats remaining and ``open_referrals``
    the number of referrals already in progress for it.
    """

    id: Hashable
    employer_id: Hashable = None
    kind: str = "job"
    sector: str = ""
    required_skills: frozenset[str] = frozenset()
    preferred_skills: frozenset[str] = frozenset()
    min_education: int = 0
    physical_demand: int = 0
    shift: str = ""
    wage: int | None = None
    seats: int = 1
    open_referrals: int = 0
    province: str | None = ""
    ward: str | None = ""
    lat: float | None = None
    lon: float | None = None
    housing_provided: bool = False
    transport_provided: bool = False
    excluded_offences: frozenset[str] = frozenset()
    text: str = ""

    def __post_init__(self) -> None:
        _freeze_sets(self)


@dataclass(frozen=True)
class Outcome:
    """What happened after a referral, graded.

    ``label``: 0 declined / no-show / left early, 1 hired, 2 hired and
    retained 90 days, 3 retained 180 days.
    """

    candidate_id: Hashable
    position_id: Hashable
    label: int


@dataclass(frozen=True)
class Reason:
    """A machine-readable explanation; the app translates ``code``.

    ``params`` is a plain dict and is excluded from hashing (dicts are not
    hashable) but still compared for equality.
    """

    code: str
    params: dict = field(default_factory=dict, hash=False)

    def __hash__(self) -> int:
        return hash(self.code)


@dataclass(frozen=True)
class Match:
    """One suggestion: the id of the position (or candidate), its score and why."""

    id: Hashable
    score: float
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Assignment:
    """One seat proposed by :func:`matching.plan`."""

    candidate_id: Hashable
    position_id: Hashable
    score: float
