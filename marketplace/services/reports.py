"""The programme report: the figures provinces report upward, for a period and an area, each with
the previous period beside it.

Every figure is counted by the database: one query per indicator (or per table of indicators that
share their rows), each counting the current and the previous period at once with conditional
aggregates; nothing loops over people. Where a figure comes from:

- under management: profiles made by the end of the period, without an "out of management"
  milestone before it began;
- home visits: case notes of kind "visit" (and the people visited);
- trained: vocational-training support, or a start on a training seat;
- employed by enterprises: a start on a job (the first working day falls in the period);
- loans, health-insurance cards, gifts: support actions of those kinds (households = people);
- probation shortened, expunged, out of management: milestones dated in the period;
- eligible for expungement: the date of automatic expungement (art. 70) falls in the period;
- placements: referrals sent (the day they were sent), hires (the first working day) and, of
  those hires, the people confirmed still working at the 30/90/180-day checks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, distinct, exists, func, or_, select, union_all

from ..extensions import db
from ..models import (
    CandidateProfile, CaseNote, Employer, Milestone, Position, Referral, ReferralEvent, RetentionCheck,
    SupportAction, User,
)
from ..models.candidates import SUPPORT_KINDS
from ..models.referrals import RETENTION_DAYS
from . import areas, vocabulary
from .periods import Period, month_starts
from .sql import year_month

# Months shown at least on the "placements over time" chart.
CHART_MONTHS = 6
VIETNAM_HOURS = 7


@dataclass(frozen=True)
class Figure:
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class Indicator:
    key: str
    label: object
    figure: Figure
    money: bool = False


@dataclass(frozen=True)
class BreakdownRow:
    """Placements for one sector or one employer."""

    name: str
    sent: Figure
    hired: Figure
    retained: dict[int, Figure]


@dataclass
class Report:
    period: Period
    previous: Period
    area_label: str
    indicators: list[Indicator]
    placements: list[Indicator]
    by_sector: list[BreakdownRow]
    by_employer: list[BreakdownRow]
    months: list[tuple[date, int, int]] = field(default_factory=list)  # month, sent, hired
    support: list[tuple[str, Figure]] = field(default_factory=list)     # kind, actions


LABELS = {
    "under_management": _l("People under management (guaranteed and educated by organisations)"),
    "visits": _l("Home visits"),
    "people_visited": _l("People visited at home"),
    "trained": _l("People trained"),
    "employed": _l("People employed by enterprises"),
    "loan_households": _l("Households given loans"),
    "loan_amount": _l("Loans, total amount"),
    "health_insurance": _l("Health-insurance cards"),
    "gifts": _l("Gifts"),
    "gift_value": _l("Gifts, total value"),
    "probation_shortened": _l("Probation shortened"),
    "expungement_eligible": _l("Became eligible for expungement"),
    "expunged": _l("Record expunged"),
    "out_of_management": _l("Progressed out of management"),
    "referrals_sent": _l("Referrals sent"),
    "hired": _l("Hired"),
    **{f"retained_{d}": _l("Still working after %(d)s days", d=d) for d in RETENTION_DAYS},
}
MONEY = {"loan_amount", "gift_value"}


class _Window:
    """The conditions that place a row in the current or the previous period."""

    def __init__(self, period: Period) -> None:
        self.current, self.previous = period, period.previous()

    def days(self, column):
        return tuple(column.between(p.start, p.end) for p in (self.current, self.previous))

    def moments(self, column):
        return tuple(and_(column >= a, column < b)
                     for a, b in (p.utc_bounds() for p in (self.current, self.previous)))


def _count(condition):
    return func.count(case((condition, 1)))


def _people(condition, column):
    return func.count(distinct(case((condition, column))))


def _total(condition, column):
    return func.coalesce(func.sum(case((condition, column))), 0)


def _pairs(row, *names: str) -> dict[str, Figure]:
    """A result row of (current, previous) pairs, in order, as named figures."""
    values = list(row) if row is not None else [0] * (2 * len(names))
    return {name: Figure(int(values[2 * i] or 0), int(values[2 * i + 1] or 0)) for i, name in enumerate(names)}


def _under_management(people, window: _Window) -> dict[str, Figure]:
    def managed(period: Period):
        left_before = exists().where(Milestone.candidate_id == CandidateProfile.id,
                                     Milestone.kind == "out_of_management", Milestone.occurred_on < period.start)
        return and_(CandidateProfile.created_at < period.utc_bounds()[1], ~left_before)

    row = db.session.execute(select(_count(managed(window.current)), _count(managed(window.previous)))
                             .where(CandidateProfile.id.in_(people))).one()
    return _pairs(row, "under_management")


def _visits(people, window: _Window) -> dict[str, Figure]:
    cur, prev = window.days(CaseNote.occurred_on)
    row = db.session.execute(
        select(_count(cur), _count(prev), _people(cur, CaseNote.candidate_id), _people(prev, CaseNote.candidate_id))
        .where(CaseNote.kind == "visit", CaseNote.candidate_id.in_(people), or_(cur, prev))).one()
    return _pairs(row, "visits", "people_visited")


def _support(people, window: _Window) -> dict[str, dict[str, Figure]]:
    """Per kind of support: actions, people and amounts."""
    cur, prev = window.days(SupportAction.occurred_on)
    rows = db.session.execute(
        select(SupportAction.kind, _count(cur), _count(prev),
               _people(cur, SupportAction.candidate_id), _people(prev, SupportAction.candidate_id),
               _total(cur, SupportAction.amount_vnd), _total(prev, SupportAction.amount_vnd))
        .where(SupportAction.candidate_id.in_(people), or_(cur, prev)).group_by(SupportAction.kind))
    found = {kind: _pairs(None, "actions", "people", "amount") for kind in SUPPORT_KINDS}
    for kind, *values in rows:
        found[kind] = _pairs(values, "actions", "people", "amount")
    return found


def _starts(kind: str):
    """(person, first day) of each start on a position of this kind: a hire, even one that ended."""
    return (select(Referral.candidate_id.label("person"), Referral.start_on.label("day"))
            .join(Position, Position.id == Referral.position_id)
            .where(Position.kind == kind, Referral.hired_at.is_not(None)))


def _trained_and_employed(people, window: _Window) -> dict[str, Figure]:
    training = union_all(
        select(SupportAction.candidate_id.label("person"), SupportAction.occurred_on.label("day"))
        .where(SupportAction.kind == "training"), _starts("training")).subquery()
    jobs = _starts("job").subquery()
    found = {}
    for key, source in (("trained", training), ("employed", jobs)):
        cur, prev = window.days(source.c.day)
        row = db.session.execute(select(_people(cur, source.c.person), _people(prev, source.c.person))
                                 .where(source.c.person.in_(people))).one()
        found.update(_pairs(row, key))
    return found


def _milestones(people, window: _Window) -> dict[str, Figure]:
    cur, prev = window.days(Milestone.occurred_on)
    rows = db.session.execute(
        select(Milestone.kind, _people(cur, Milestone.candidate_id), _people(prev, Milestone.candidate_id))
        .where(Milestone.candidate_id.in_(people), or_(cur, prev)).group_by(Milestone.kind)).all()
    found = {kind: Figure(0, 0) for kind in ("probation_shortened", "expunged", "out_of_management")}
    found.update({kind: Figure(int(c), int(p)) for kind, c, p in rows if kind in found})
    return found


def _expungement_eligible(people, window: _Window) -> dict[str, Figure]:
    cur, prev = window.days(CandidateProfile.expungement_date)
    row = db.session.execute(select(_count(cur), _count(prev)).where(CandidateProfile.id.in_(people))).one()
    return _pairs(row, "expungement_eligible")


# --- placements ----------------------------------------------------------------------------------

def _placement_queries(people, window: _Window, *keys):
    """Referrals sent, hires, and hires still working at each check, grouped by `keys` (none for
    the totals): three queries."""
    sent_cur, sent_prev = window.moments(ReferralEvent.at)
    hire_cur, hire_prev = window.days(Referral.start_on)

    def joined(query):
        query = query.join(Position, Position.id == Referral.position_id)
        return query.join(Employer, Employer.id == Position.employer_id) if any(
            getattr(k, "table", None) is Employer.__table__ for k in keys) else query

    sent = db.session.execute(joined(
        select(*keys, _count(sent_cur), _count(sent_prev))
        .select_from(ReferralEvent).join(Referral, Referral.id == ReferralEvent.referral_id))
        .where(ReferralEvent.to_status == "sent", Referral.candidate_id.in_(people), or_(sent_cur, sent_prev))
        .group_by(*keys)).all()
    hired_filter = (Referral.hired_at.is_not(None), Referral.candidate_id.in_(people), or_(hire_cur, hire_prev))
    hired = db.session.execute(joined(select(*keys, _count(hire_cur), _count(hire_prev)).select_from(Referral))
                               .where(*hired_filter).group_by(*keys)).all()
    retained = db.session.execute(joined(
        select(*keys, RetentionCheck.day, _count(hire_cur), _count(hire_prev))
        .select_from(RetentionCheck).join(Referral, Referral.id == RetentionCheck.referral_id))
        .where(RetentionCheck.retained.is_(True), *hired_filter)
        .group_by(*keys, RetentionCheck.day)).all()
    return sent, hired, retained


def _breakdown(people, window: _Window, keys: tuple, name_of) -> list[BreakdownRow]:
    """Placements per group (`keys` are the columns that name one); `name_of` labels a group."""
    sent, hired, retained = _placement_queries(people, window, *keys)
    width = len(keys)
    table: dict = {}

    def entry(code):
        return table.setdefault(code, {"sent": Figure(0, 0), "hired": Figure(0, 0),
                                       "retained": {d: Figure(0, 0) for d in RETENTION_DAYS}})

    for row in sent:
        entry(tuple(row[:width]))["sent"] = Figure(*row[width:])
    for row in hired:
        entry(tuple(row[:width]))["hired"] = Figure(*row[width:])
    for row in retained:
        entry(tuple(row[:width]))["retained"][row[width]] = Figure(*row[width + 1:])
    rows = [BreakdownRow(name_of(code), **parts) for code, parts in table.items()]
    return sorted(rows, key=lambda r: (-r.hired.current, -r.sent.current, r.name))


def _placement_totals(people, window: _Window) -> dict[str, Figure]:
    sent, hired, retained = _placement_queries(people, window)
    found = {"referrals_sent": Figure(*sent[0]) if sent else Figure(0, 0),
             "hired": Figure(*hired[0]) if hired else Figure(0, 0)}
    found.update({f"retained_{d}": Figure(0, 0) for d in RETENTION_DAYS})
    found.update({f"retained_{day}": Figure(c, p) for day, c, p in retained})
    return found


def _months(people, period: Period) -> list[tuple[date, int, int]]:
    """Referrals sent and hires per month over the period (at least CHART_MONTHS months)."""
    first = period.start
    starts = month_starts(first, period.end)
    while len(starts) < CHART_MONTHS:
        first = date(first.year - (first.month == 1), 12 if first.month == 1 else first.month - 1, 1)
        starts.insert(0, first)
    low, high = Period("custom", starts[0], period.end).utc_bounds()
    sent_month = year_month(ReferralEvent.at, VIETNAM_HOURS)
    sent = dict(db.session.execute(
        select(sent_month, func.count()).join(Referral, Referral.id == ReferralEvent.referral_id)
        .where(ReferralEvent.to_status == "sent", Referral.candidate_id.in_(people),
               ReferralEvent.at >= low, ReferralEvent.at < high).group_by(sent_month)).all())
    hired_month = year_month(Referral.start_on)
    hired = dict(db.session.execute(
        select(hired_month, func.count()).where(
            Referral.hired_at.is_not(None), Referral.candidate_id.in_(people),
            Referral.start_on.between(starts[0], period.end)).group_by(hired_month)).all())
    return [(m, int(sent.get(f"{m:%Y-%m}", 0)), int(hired.get(f"{m:%Y-%m}", 0))) for m in starts]


def build(actor: User, period: Period, area: areas.Area) -> Report:
    """The whole report for `actor` (a caseworker or an admin); raises areas.AreaError."""
    people = areas.people(actor, area)
    window = _Window(period)
    figures: dict[str, Figure] = {}
    for part in (_under_management, _visits, _trained_and_employed, _milestones, _expungement_eligible):
        figures.update(part(people, window))
    support = _support(people, window)
    figures.update(loan_households=support["loan"]["people"], loan_amount=support["loan"]["amount"],
                   health_insurance=support["health_insurance"]["actions"],
                   gifts=support["gift"]["actions"], gift_value=support["gift"]["amount"])
    placements = _placement_totals(people, window)
    order = ("under_management", "visits", "people_visited", "trained", "employed", "loan_households",
             "loan_amount", "health_insurance", "gifts", "gift_value", "probation_shortened",
             "expungement_eligible", "expunged", "out_of_management")
    return Report(
        period=period, previous=window.previous, area_label=area.label(actor),
        indicators=[Indicator(k, LABELS[k], figures[k], k in MONEY) for k in order],
        placements=[Indicator(k, LABELS[k], v) for k, v in placements.items()],
        by_sector=_breakdown(people, window, (Position.sector,), lambda key: vocabulary.label("sectors", key[0])),
        by_employer=_breakdown(people, window, (Employer.id, Employer.name), lambda key: key[1]),
        months=_months(people, period),
        support=[(kind, support[kind]["actions"]) for kind in SUPPORT_KINDS],
    )

