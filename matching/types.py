"""Plain data carried in and out of the matching library.

The dataclasses are frozen so that callers can cache and share them, and
they accept lists or sets wherever a frozenset is expected because profiles
usually arrive from forms or JSON.
"""
from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Hashable, Iterator

__all__ = ["Candidate", "Position", "Outcome", "Reason", "Match", "Assignment", "Params",
           "normalise_code", "MAX_LABEL"]

#: Highest outcome label: hired and retained 180 days.
MAX_LABEL = 3
_CODE = re.compile(r"^[a-z0-9_]+$")


def normalise_code(value, field_name: str) -> str | None:
    """A code as the library compares it: stripped and case-folded; None when empty.

    Offence codes decide who may be shown what, so "Drugs" and "drugs " must
    be the same code, and anything that is not a plain code is refused.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field_name}: expected a code string, got {type(value).__name__}")
    code = value.strip().casefold()
    if not code:
        return None
    if not _CODE.match(code):
        raise ValueError(f"{field_name}: {value!r} is not a valid code (letters, digits, _)")
    return code


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


def _check_number(obj: Any, name: str, *, integer: bool, optional: bool, lo=None, hi=None) -> None:
    """Refuse NaN, infinities, booleans and non-numbers in a numeric field, naming it.

    One NaN education once turned every score into NaN; a wrong type should
    fail where it enters, not deep inside numpy.
    """
    value = getattr(obj, name)
    where = f"{type(obj).__name__}.{name}"
    if value is None:
        if optional:
            return
        raise ValueError(f"{where} is required")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{where}: expected a number, got {type(value).__name__}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{where}: {value!r} is not a finite number")
    if integer and float(value) != int(value):
        raise ValueError(f"{where}: expected a whole number, got {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValueError(f"{where}: {value!r} is outside {lo}..{hi}")
    object.__setattr__(obj, name, int(value) if integer else float(value))


def _check_bool(obj: Any, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, (bool, type(None))) and type(value).__name__ != "bool_":
        raise ValueError(f"{type(obj).__name__}.{name}: expected True or False, got {type(value).__name__}")
    object.__setattr__(obj, name, bool(value))


def _check_text(obj: Any, name: str) -> None:
    value = getattr(obj, name)
    if value is None:
        object.__setattr__(obj, name, "")
    elif not isinstance(value, str):
        raise ValueError(f"{type(obj).__name__}.{name}: expected text, got {type(value).__name__}")


def _check_place(obj: Any) -> None:
    for name in ("province", "ward"):
        value = getattr(obj, name)
        if value is not None and not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ValueError(f"{type(obj).__name__}.{name}: expected a code, got {type(value).__name__}")
        object.__setattr__(obj, name, "" if value is None else str(value).strip())
    for name in ("lat", "lon"):
        _check_number(obj, name, integer=False, optional=True,
                      lo=-90 if name == "lat" else -180, hi=90 if name == "lat" else 180)
    if (obj.lat is None) != (obj.lon is None):
        # Half a coordinate is no coordinate: never measure a distance from it.
        object.__setattr__(obj, "lat", None)
        object.__setattr__(obj, "lon", None)


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
    hired_by: frozenset[str] = frozenset()
    declined_by: frozenset[str] = frozenset()
    completed_training: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _freeze_sets(self)
        _check_number(self, "education", integer=True, optional=False, lo=0)
        _check_number(self, "physical_capacity", integer=True, optional=False, lo=0)
        _check_number(self, "max_commute_km", integer=False, optional=True, lo=0)
        _check_number(self, "wage_expectation", integer=True, optional=True, lo=0)
        _check_number(self, "birth_year", integer=True, optional=True)
        for name in ("has_transport", "needs_housing", "travel_restricted"):
            _check_bool(self, name)
        _check_place(self)
        _check_text(self, "text")
        object.__setattr__(self, "offence_category",
                           normalise_code(self.offence_category, "Candidate.offence_category"))


@dataclass(frozen=True)
class Position:
    """A job or training place offered by an employer or training centre.

    ``seats`` is the number of open seats remaining and ``open_referrals``
    the number of referrals already in progress for it. ``wage`` is the
    guaranteed monthly minimum (the low end of a range), never its top.
    ``title`` is the job title, compared with a person's past work.
    A training place names the job it leads to in ``linked_position_id``;
    a job may list the trainings that lead to it in ``trained_by`` (needed
    when those trainings are no longer among the positions given). A person
    who completed such a training is ranked towards the job.
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
    title: str = ""
    linked_position_id: Hashable = None
    trained_by: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.excluded_offences and not isinstance(self.excluded_offences, (str, frozenset)):
            bad = [v for v in self.excluded_offences if v is not None and not isinstance(v, str)]
            if bad:
                raise ValueError(f"Position.excluded_offences: expected code strings, got {bad[0]!r}")
        _freeze_sets(self)
        codes = (normalise_code(v, "Position.excluded_offences") for v in self.excluded_offences)
        object.__setattr__(self, "excluded_offences", frozenset(c for c in codes if c))
        _check_number(self, "min_education", integer=True, optional=False, lo=0)
        _check_number(self, "physical_demand", integer=True, optional=False, lo=0)
        _check_number(self, "wage", integer=True, optional=True, lo=0)
        _check_number(self, "seats", integer=True, optional=False)
        _check_number(self, "open_referrals", integer=True, optional=False, lo=0)
        for name in ("housing_provided", "transport_provided"):
            _check_bool(self, name)
        _check_place(self)
        _check_text(self, "text")
        _check_text(self, "title")


@dataclass(frozen=True)
class Outcome:
    """What happened after a referral, graded.

    ``label``: 0 declined / no-show / left early, 1 hired, 2 hired and
    retained 90 days, 3 retained 180 days. Anything else (None, NaN, 4, -1,
    "2") is a ``ValueError``: a wrong label must not be silently clipped.

    Optional: ``at``, when the referral was made (days on any one clock, the
    same for every outcome; it weights recent outcomes of an employer more and
    orders an evaluation's time split).
    ``censored``: a hire whose 90/180-day checks are not yet due, so ``label``
    is only what is known so far (a lower bound); an evaluation leaves it out
    of the graded part rather than count it as a failure or a success.
    """

    candidate_id: Hashable
    position_id: Hashable
    label: int
    at: float | None = None
    censored: bool = False

    def __post_init__(self) -> None:
        _check_number(self, "label", integer=True, optional=False, lo=0, hi=MAX_LABEL)
        _check_number(self, "at", integer=False, optional=True)
        _check_bool(self, "censored")


class Params(Mapping):
    """A read-only, hashable mapping of a reason's parameters."""

    __slots__ = ("_items",)

    def __init__(self, items=()):
        object.__setattr__(self, "_items", dict(items))

    def __getitem__(self, key):
        return self._items[key]

    def __iter__(self) -> Iterator:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __setattr__(self, name, value):
        raise AttributeError("Params are read-only")

    def __reduce__(self):
        return (Params, (self._items,))

    def __repr__(self) -> str:
        return f"Params({self._items!r})"


@dataclass(frozen=True)
class Reason:
    """A machine-readable explanation; the app translates ``code``.

    ``params`` is read-only (a :class:`Params`, which compares equal to the
    plain dict of the same items), so a cached match cannot be edited by
    one caller under another.
    """

    code: str
    params: Mapping = field(default_factory=Params)

    def __post_init__(self) -> None:
        if not isinstance(self.params, Params):
            object.__setattr__(self, "params", Params(self.params or {}))


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
