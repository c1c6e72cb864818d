"""Reporting periods: a month, a quarter, a half-year, a year or custom dates, and the period just
before each one (January's is the December before; the first quarter's is the last quarter of the
year before), as provinces report them upward."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import lazy_gettext as _l

from ..clock import PROGRAMME_ZONE

KINDS = ("month", "quarter", "half", "year", "custom")
# Months in one part of a year, by kind.
MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}
PARTS = {"month": 12, "quarter": 4, "half": 2, "year": 1}
# A custom period longer than this is refused: the report is meant for a programme's years.
MAX_CUSTOM_DAYS = 5 * 366


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before; a custom period's is as many days before."""
        if self.kind == "custom":
            return Period("custom", self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        months = MONTHS_IN[self.kind]
        year, month = divmod(self.start.year * 12 + self.start.month - 1 - months, 12)
        return _calendar(self.kind, year, month + 1)

    def label(self) -> str:
        if self.kind == "month":
            return str(_l("Month %(m)s/%(y)s", m=self.start.month, y=self.start.year))
        if self.kind == "quarter":
            return str(_l("Quarter %(q)s/%(y)s", q=(self.start.month - 1) // 3 + 1, y=self.start.year))
        if self.kind == "half":
            return str(_l("Half-year %(h)s/%(y)s", h=(self.start.month - 1) // 6 + 1, y=self.start.year))
        if self.kind == "year":
            return str(_l("Year %(y)s", y=self.start.year))
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC moments, for columns that store a UTC time: the programme's
        day starts at midnight in Việt Nam."""
        return _utc_midnight(self.start), _utc_midnight(self.end + timedelta(days=1))


def _utc_midnight(day: date) -> datetime:
    local = datetime.combine(day, time.min, tzinfo=PROGRAMME_ZONE)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _calendar(kind: str, year: int, first_month: int) -> Period:
    months = MONTHS_IN[kind]
    end_year, end_month = divmod(year * 12 + first_month - 1 + months, 12)
    return Period(kind, date(year, first_month, 1), date(end_year, end_month + 1, 1) - timedelta(days=1))


def calendar_period(kind: str, year: int, part: int = 1) -> Period:
    """The `part`-th month, quarter or half of `year` (1-based), or the whole year."""
    if kind not in MONTHS_IN:
        raise ValueError(kind)
    if not 1 <= part <= PARTS[kind]:
        raise ValueError(part)
    return _calendar(kind, year, (part - 1) * MONTHS_IN[kind] + 1)


def custom_period(start: date, end: date) -> Period:
    if end < start or (end - start).days >= MAX_CUSTOM_DAYS:
        raise ValueError((start, end))
    return Period("custom", start, end)


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s month to `last`'s, in order."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
