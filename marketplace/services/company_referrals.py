"""What a company sees of the people referred to it: the dashboard's figures, the lists they link
to, and the referred people of a position (only what each consented to share with it).

Every figure on the dashboard is `count()` of the very query its list shows, so the two agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from .. import clock
from ..extensions import db
from ..models import Position, Referral, RetentionCheck, User
from ..models.referrals import ENDED_UNHIRED
from ..scopes import positions_of_employer, referrals_visible_to
from . import consents, referrals
from .positions import live
from .referral_states import open_referral_counts

LISTS = ("waiting", "interviews", "checks")


def _week(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def waiting(user: User) -> Select:
    """Referrals waiting for the company's answer."""
    return referrals_visible_to(user).where(Referral.status == "sent").order_by(Referral.updated_at)


def interviews(user: User, today: date | None = None) -> Select:
    monday, sunday = _week(today or clock.today())
    return (referrals_visible_to(user)
            .where(Referral.status == "interview", Referral.interview_on.between(monday, sunday))
            .order_by(Referral.interview_on))


def checks(user: User, today: date | None = None) -> Select:
    """Retention checks due and not answered."""
    return referrals.due_checks(referrals_visible_to(user), today)


def open_positions(user: User, today: date | None = None) -> Select:
    return live(positions_of_employer(user), today).order_by(Position.id.desc())


def count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


@dataclass(frozen=True)
class Dashboard:
    open_positions: list[Position]
    in_progress: dict[int, int]
    waiting: int
    interviews: int
    checks: int


def dashboard(user: User) -> Dashboard:
    today = clock.today()
    positions = list(db.session.scalars(open_positions(user, today)))
    return Dashboard(positions, open_referral_counts([p.id for p in positions]),
                     count(waiting(user)), count(interviews(user, today)), count(checks(user, today)))


def rows(user: User, which: str) -> list:
    """The list behind a dashboard figure: referrals, or retention checks for "checks"."""
    query = {"waiting": waiting, "interviews": interviews, "checks": checks}[which](user)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Referred:
    referral: Referral
    view: consents.EmployerView


def referred_to(user: User, position: Position) -> list[Referred]:
    """The people a caseworker sent to this position (the company's scope: sent, never those
    being prepared), newest first, with what each shares. The consents of all of them are read
    in one query, not per referral."""
    found = db.session.scalars(
        referrals_visible_to(user).where(Referral.position_id == position.id)
        .options(selectinload(Referral.candidate))
        .order_by(Referral.updated_at.desc(), Referral.id.desc())).all()
    decisions = consents.active_decisions({r.candidate_id for r in found}, CONSENTS_SHOWN)
    return [Referred(r, view_of(r, decisions)) for r in found]


# The consents that decide what a company sees of a referral.
CONSENTS_SHOWN = ("employer", "offence", "keep_after_referral")


def view_of(referral: Referral, decisions: set | None = None) -> consents.EmployerView:
    """consents.employer_view, and nothing once a referral ended unhired, unless the person agreed
    that the company may keep it [SECURITY 23]. `decisions`: see consents.active_decisions."""
    employer_id = referral.position.employer_id

    def kept(company: int | None) -> bool:
        if decisions is None:
            return consents.is_active(referral.candidate_id, "keep_after_referral", company)
        return (referral.candidate_id, "keep_after_referral", company) in decisions

    if referral.status in ENDED_UNHIRED and not (kept(employer_id) or kept(None)):
        return consents.EmployerView(False, {})
    return consents.employer_view(referral, decisions)


def due_checks_of(position: Position, today: date | None = None) -> dict[int, list[RetentionCheck]]:
    """Due retention checks of a position's hires, by referral id."""
    scoped = select(Referral).where(Referral.position_id == position.id)
    due: dict[int, list[RetentionCheck]] = {}
    for check in db.session.scalars(referrals.due_checks(scoped, today)):
        due.setdefault(check.referral_id, []).append(check)
    return due
