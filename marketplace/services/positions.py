"""A company's positions: jobs and training seats, their rules and their life.

draft --publish--> open --pause--> paused --reopen--> open; any --close--> closed --reopen--> open.
The pipeline sets "full" when the last seat is taken; raising the seats reopens it. Seats change
with one conditional UPDATE (never below the people already hired), so an edit racing a hire can
not leave more hires than seats. Functions take the acting user, flush and never commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields as dc_fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select, update

from matching import taxonomy

from .. import clock, locations
from ..extensions import db
from ..models import Employer, Position, User
from ..models.employers import SHIFTS

WAGE_LIMIT = 1_000_000_000   # VND a month: anything above is a typing slip
MAX_SEATS = 10_000
EXCLUSION_REASON_MIN = 10


class PositionError(Exception):
    """A refused change; `errors` maps a form field (or "") to its message."""

    def __init__(self, errors: dict[str, object]) -> None:
        self.errors = errors
        super().__init__(", ".join(errors) or "position_error")

    @property
    def message(self):
        return next(iter(self.errors.values()))


@dataclass
class PositionData:
    """What a company says about a position (the form's fields, parsed)."""

    kind: str
    title: str
    sector: str
    province_code: int
    ward_code: int
    seats: int
    description: str = ""
    required_skills: list[str] = field(default_factory=list)
    preferred_skills: list[str] = field(default_factory=list)
    min_education: int = 0
    physical_demand: int = 1
    shift: str = "day"
    wage_min: int | None = None
    wage_max: int | None = None
    housing_provided: bool = False
    transport_provided: bool = False
    opens_on: date | None = None
    closes_on: date | None = None
    duration_weeks: int | None = None
    certificate: str = ""
    leads_to_position_id: int | None = None
    # offence category code -> the company's reason for excluding it
    exclusions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, position: Position) -> PositionData:
        names = {f.name for f in dc_fields(cls)} - {"exclusions"}
        data = cls(**{n: getattr(position, n) for n in names})
        data.exclusions = {code: (position.exclusion_reasons or {}).get(code, "")
                           for code in position.excluded_offences or ()}
        return data


def problems(employer: Employer, data: PositionData, position: Position | None = None) -> dict:
    """Every rule a position must keep, as field -> message (empty when all hold)."""
    errors: dict[str, object] = {}
    if data.kind not in taxonomy.POSITION_KINDS:
        errors["kind"] = _l("Choose a job or a training seat.")
    if not 2 <= len(data.title.strip()) <= 200:
        errors["title"] = _l("Give the position a title (2 to 200 characters).")
    if data.sector not in taxonomy.SECTORS:
        errors["sector"] = _l("Choose a sector from the list.")
    if not set(data.required_skills) | set(data.preferred_skills) <= set(taxonomy.SKILLS):
        errors["required_skills"] = _l("Choose skills from the list.")
    if data.min_education not in taxonomy.EDUCATION_LEVELS:
        errors["min_education"] = _l("Choose a level from the list.")
    if data.physical_demand not in taxonomy.PHYSICAL_LEVELS:
        errors["physical_demand"] = _l("Choose a level from the list.")
    if data.shift not in SHIFTS:
        errors["shift"] = _l("Choose a shift from the list.")
    if not locations.is_valid_pair(data.province_code, data.ward_code):
        errors["ward"] = _l("Choose a commune of the chosen province.")
    for name in ("wage_min", "wage_max"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= WAGE_LIMIT:
            errors[name] = _l("Enter an amount in đồng a month, from 0 to 1 billion.")
    if data.wage_min is not None and data.wage_max is not None and data.wage_min > data.wage_max:
        errors["wage_max"] = _l("The highest wage cannot be below the lowest.")
    if data.kind == "job" and data.wage_min == 0:
        errors["wage_min"] = _l("A job pays a wage: only a training seat's stipend may be 0.")
    if not 1 <= data.seats <= MAX_SEATS:
        errors["seats"] = _l("Offer at least 1 seat.")
    elif position is not None and data.seats < position.filled:
        errors["seats"] = _l("%(n)s people are already hired: seats cannot be fewer.", n=position.filled)
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        errors["closes_on"] = _l("The closing date cannot be before the opening date.")
    errors.update(_training_problems(employer, data, position))
    for code, why in data.exclusions.items():
        if code not in taxonomy.OFFENCE_CATEGORIES:
            errors["exclusions"] = _l("Choose offence categories from the list.")
        elif len((why or "").strip()) < EXCLUSION_REASON_MIN:
            errors[f"why_{code}"] = _l("Say why this is relevant to the job (at least %(n)s characters): "
                                       "the law allows only exclusions relevant to the work.",
                                       n=EXCLUSION_REASON_MIN)
    return errors


def _training_problems(employer: Employer, data: PositionData, position: Position | None) -> dict:
    errors: dict[str, object] = {}
    if data.kind != "training":
        return errors
    if data.duration_weeks is not None and not 1 <= data.duration_weeks <= 260:
        errors["duration_weeks"] = _l("A training lasts from 1 to 260 weeks.")
    if data.leads_to_position_id is not None:
        target = db.session.get(Position, data.leads_to_position_id)
        if (target is None or target.employer_id != employer.id or target.kind != "job"
                or (position is not None and target.id == position.id)):
            errors["leads_to_position_id"] = _l("Choose one of your company's jobs.")
    return errors


def _apply(position: Position, data: PositionData) -> None:
    training = data.kind == "training"
    for name in ("kind", "sector", "province_code", "ward_code", "min_education", "physical_demand",
                 "shift", "wage_min", "wage_max", "housing_provided", "transport_provided", "opens_on",
                 "closes_on"):
        setattr(position, name, getattr(data, name))
    position.title = data.title.strip()
    position.description = (data.description or "").strip()
    position.required_skills = list(dict.fromkeys(data.required_skills))
    position.preferred_skills = [s for s in dict.fromkeys(data.preferred_skills)
                                 if s not in position.required_skills]
    position.duration_weeks = data.duration_weeks if training else None
    position.certificate = (data.certificate or "").strip() if training else ""
    position.leads_to_position_id = data.leads_to_position_id if training else None
    position.excluded_offences = sorted(data.exclusions)
    position.exclusion_reasons = {code: why.strip() for code, why in sorted(data.exclusions.items())}


def create(actor: User, employer: Employer, data: PositionData) -> Position:
    """A new position, as a draft: the company publishes it when ready (and verified)."""
    errors = problems(employer, data)
    if errors:
        raise PositionError(errors)
    position = Position(employer_id=employer.id, status="draft", seats=data.seats, filled=0,
                        title=data.title, sector=data.sector, province_code=data.province_code,
                        ward_code=data.ward_code, created_at=clock.now())
    _apply(position, data)
    db.session.add(position)
    db.session.flush()
    return position


def update_position(actor: User, position: Position, data: PositionData) -> Position:
    """Edit a position; the seats change only if they stay at or above the people hired."""
    errors = problems(position.employer, data, position)
    if errors:
        raise PositionError(errors)
    _apply(position, data)
    db.session.flush()
    changed = db.session.execute(
        update(Position).where(Position.id == position.id, Position.filled <= data.seats)
        .values(seats=data.seats).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        raise PositionError({"seats": _l("Someone was just hired: seats cannot be fewer than the "
                                         "people hired.")})
    _full_or_open(position)
    db.session.refresh(position)
    return position


def _full_or_open(position: Position) -> None:
    """Keep "full" and "open" true to the seats: no seat left is full, a seat freed reopens."""
    db.session.execute(update(Position).where(
        Position.id == position.id, Position.status == "open", Position.filled >= Position.seats)
        .values(status="full").execution_options(synchronize_session=False))
    db.session.execute(update(Position).where(
        Position.id == position.id, Position.status == "full", Position.filled < Position.seats)
        .values(status="open").execution_options(synchronize_session=False))


# --- the life of a position ----------------------------------------------------------------------

NOT_VERIFIED = _l("Your company is not verified yet: positions are published once a programme "
                  "coordinator has verified it. You can prepare them meanwhile.")
SUSPENDED = _l("Your company is suspended by the programme: positions cannot be published now.")
# action -> the statuses it leaves, the status it reaches
ACTIONS = {
    "publish": (("draft",), "open"),
    "pause": (("open",), "paused"),
    "reopen": (("paused", "closed"), "open"),
    "close": (("draft", "open", "full", "paused"), "closed"),
}


def change_status(actor: User, position: Position, action: str) -> Position:
    """Publish, pause, reopen or close; refused with a reason the company can act on."""
    sources, target = ACTIONS[action]
    employer = position.employer
    if target == "open":
        if employer.suspended:
            raise PositionError({"": SUSPENDED})
        if not employer.verified:
            raise PositionError({"": NOT_VERIFIED})
        if position.closes_on is not None and position.closes_on < clock.today():
            raise PositionError({"": _l("The closing date has passed: set a later one first.")})
        if position.filled >= position.seats:
            raise PositionError({"": _l("Every seat is filled: add seats first.")})
    moved = db.session.execute(
        update(Position).where(Position.id == position.id, Position.status.in_(sources))
        .values(status=target).execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise PositionError({"": _l("This position has already changed. Reload the page.")})
    db.session.refresh(position)
    return position


def duplicate(actor: User, position: Position) -> Position:
    """A new draft with the same content: seats empty, dates to set again."""
    data = PositionData.of(position)
    data.opens_on = data.closes_on = None
    copy = create(actor, position.employer, data)
    return copy


# --- reading ------------------------------------------------------------------------------------

def shown_status(position: Position, today: date | None = None) -> str:
    """The status as people should read it: an open position past its closing date is closed."""
    today = today or clock.today()
    if position.status in ("open", "full", "paused") and position.closes_on and position.closes_on < today:
        return "closed"
    return position.status


def company_jobs(employer: Employer, except_id: int | None = None) -> list[Position]:
    """The company's jobs a training seat may lead to."""
    query = select(Position).where(Position.employer_id == employer.id, Position.kind == "job")
    if except_id is not None:
        query = query.where(Position.id != except_id)
    return list(db.session.scalars(query.order_by(Position.title)))


def live(query: Select, today: date | None = None) -> Select:
    """Positions taking referrals now: open, and not past their closing date."""
    today = today or clock.today()
    return query.where(Position.status == "open",
                       or_(Position.closes_on.is_(None), Position.closes_on >= today))
