"""A company and the programme: its profile, verification, refusal, suspension, reinstatement, and
the programme's view of every company.

Every decision is one conditional UPDATE on the state it leaves (a double press decides once), is
appended to `employer_decisions` (who, when, why) and tells the people concerned. Functions take
the acting user, flush and never commit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, select, update

from .. import clock
from ..extensions import db
from ..models import Employer, EmployerDecision, Position, Referral, RetentionCheck, User
from ..models.referrals import OPEN_STATUSES
from . import notifications, referrals

# 10 digits; 10-3 for a branch; a household business may use its owner's 12-digit personal number.
TAX_CODE_RE = re.compile(r"^(\d{10}(-\d{3})?|\d{12})$")
TAX_CODE_MESSAGE = _l("A tax code has 10 digits, or 10 digits, a dash and 3 for a branch; a household "
                      "business may give its owner's 12-digit personal number.")


class EmployerError(Exception):
    """A refused action; `message` is shown to the person (lazy: in the reader's language)."""

    def __init__(self, message, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(str(field or "employer_error"))


def valid_tax_code(value: str | None) -> bool:
    return bool(TAX_CODE_RE.match((value or "").strip()))


def tax_code_taken(tax_code: str, except_id: int | None = None) -> bool:
    query = select(Employer.id).where(Employer.tax_code == tax_code.strip())
    if except_id is not None:
        query = query.where(Employer.id != except_id)
    return db.session.scalar(query) is not None


def is_owner(user: User, employer: Employer) -> bool:
    m = user.membership
    return m is not None and m.employer_id == employer.id and m.is_owner


# --- the company's own profile ---------------------------------------------------------------------

@dataclass(frozen=True)
class Profile:
    name: str
    tax_code: str
    sector: str
    province_code: int
    ward_code: int
    address_line: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    fair_chance_statement: str = ""
    record_question_stage: str = "after_offer"


def update_profile(actor: User, employer: Employer, profile: Profile) -> bool:
    """The owner edits the company; a new name or tax code (or any edit after a refusal) sends it
    back to "awaiting verification". Returns True when it did."""
    if not is_owner(actor, employer):
        raise EmployerError(_l("Only the company's account holder can change its profile."))
    name, tax_code = profile.name.strip(), profile.tax_code.strip()
    if not valid_tax_code(tax_code):
        raise EmployerError(TAX_CODE_MESSAGE, "tax_code")
    if tax_code_taken(tax_code, except_id=employer.id):
        raise EmployerError(_l("Another company is registered with this tax code."), "tax_code")
    identity_changed = name != employer.name or tax_code != employer.tax_code
    for field, value in vars(profile).items():
        setattr(employer, field, value.strip() if isinstance(value, str) else value)
    again = (identity_changed and employer.verified_at is not None) or employer.refused_at is not None
    if again:
        employer.verified_at = employer.verified_by_id = employer.refused_at = None
        _decision(actor, employer, "resubmitted")
    db.session.flush()
    return again


# --- the programme's decisions ------------------------------------------------------------------

def decidable_by(user: User) -> Select:
    """The companies a person may verify, refuse, suspend or reinstate: every one for an admin;
    for a caseworker, those in the provinces of the communes they hold."""
    query = select(Employer)
    if user.role == "admin":
        return query
    if user.role == "caseworker" and user.caseworker is not None:
        provinces = {a.province_code for a in user.caseworker.areas}
        return query.where(Employer.province_code.in_(provinces))
    return query.where(Employer.id == -1)


STATE_FILTERS = {
    "awaiting": and_(Employer.verified_at.is_(None), Employer.refused_at.is_(None)),
    "verified": and_(Employer.verified_at.is_not(None), Employer.suspended_at.is_(None)),
    "suspended": Employer.suspended_at.is_not(None),
    "refused": and_(Employer.refused_at.is_not(None), Employer.verified_at.is_(None)),
}


def _set_if(employer: Employer, condition, **values) -> bool:
    """Change the company only if it is still in the state the decision leaves."""
    done = db.session.execute(
        update(Employer).where(Employer.id == employer.id, condition).values(**values)
        .execution_options(synchronize_session=False)).rowcount == 1
    if done:
        db.session.refresh(employer)
    return done


def _decision(actor: User, employer: Employer, kind: str, reason: str = "") -> None:
    db.session.add(EmployerDecision(employer_id=employer.id, kind=kind, reason=reason.strip()[:2000],
                                    actor_id=actor.id, at=clock.now()))


def _needs_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise EmployerError(_l("Write the reason: the company and the programme will read it."), "reason")
    return reason


ALREADY = _l("This company's status has already changed. Reload the page.")


def verify(actor: User, employer: Employer) -> None:
    """Awaiting (or refused) -> verified: its positions may now be published and suggested."""
    if not _set_if(employer, Employer.verified_at.is_(None),
                   verified_at=clock.now(), verified_by_id=actor.id, refused_at=None, refusal_reason=""):
        raise EmployerError(ALREADY)
    _decision(actor, employer, "verified")
    _tell_members(employer, "employer_verified", {"employer": employer.name})
    db.session.flush()


def refuse(actor: User, employer: Employer, reason: str) -> None:
    reason = _needs_reason(reason)
    if not _set_if(employer, and_(Employer.verified_at.is_(None), Employer.refused_at.is_(None)),
                   refused_at=clock.now(), refusal_reason=reason):
        raise EmployerError(ALREADY)
    _decision(actor, employer, "refused", reason)
    _tell_members(employer, "employer_refused", {"employer": employer.name, "why": reason})
    db.session.flush()


def suspend(actor: User, employer: Employer, reason: str) -> int:
    """Verified -> suspended: its positions stop being suggested at once (ranking filters them),
    its open referrals are on hold (the pipeline refuses their steps) and the caseworkers of the
    people in them are told. Returns how many referrals are on hold."""
    reason = _needs_reason(reason)
    if not _set_if(employer, and_(Employer.verified_at.is_not(None), Employer.suspended_at.is_(None)),
                   suspended_at=clock.now(), suspension_reason=reason):
        raise EmployerError(ALREADY)
    _decision(actor, employer, "suspended", reason)
    held = _open_referrals(employer)
    _tell_members(employer, "employer_suspended", {"employer": employer.name})
    _tell_caseworkers(held, "referral_on_hold", employer)
    db.session.flush()
    return len(held)


def reinstate(actor: User, employer: Employer, note: str = "") -> None:
    if not _set_if(employer, Employer.suspended_at.is_not(None), suspended_at=None, suspension_reason=""):
        raise EmployerError(ALREADY)
    _decision(actor, employer, "reinstated", note or "")
    _tell_members(employer, "employer_reinstated", {"employer": employer.name})
    _tell_caseworkers(_open_referrals(employer), "referral_resumed", employer)
    db.session.flush()


def _open_referrals(employer: Employer) -> list[Referral]:
    return list(db.session.scalars(
        select(Referral).join(Position, Position.id == Referral.position_id)
        .where(Position.employer_id == employer.id, Referral.status.in_(OPEN_STATUSES))))


def _tell_members(employer: Employer, template: str, params: dict) -> None:
    notifications.notify([m.user for m in employer.members], template, params)


def _tell_caseworkers(held: list[Referral], template: str, employer: Employer) -> None:
    for referral in held:
        notifications.notify(referrals.caseworkers_of(referral.candidate), template,
                             {"employer": employer.name, "candidate": referral.candidate.full_name,
                              "position": referral.position.title}, referral_id=referral.id)


def history(employer: Employer) -> list[EmployerDecision]:
    return list(db.session.scalars(select(EmployerDecision).where(EmployerDecision.employer_id == employer.id)
                                   .order_by(EmployerDecision.at.desc(), EmployerDecision.id.desc())))


# --- the programme's view of every company --------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    employer: Employer
    positions: int
    open_positions: int
    hires: int
    reached_90: int     # hires whose 90th day has come
    retained_90: int    # of those, still working at the 90-day check
    record_declines: int

    @property
    def retention_90(self) -> int | None:
        """Percent kept at 90 days, None before any hire reached its 90th day."""
        return round(100 * self.retained_90 / self.reached_90) if self.reached_90 else None


def programme_figures(today: date | None = None) -> list[Figures]:
    """Every company with its positions, hires, 90-day retention and declines for "record"."""
    today = today or clock.today()
    hired = Referral.status.in_(("hired", "left"))

    def per_employer(*columns, where=()):
        query = (select(Position.employer_id, *columns).select_from(Referral)
                 .join(Position, Position.id == Referral.position_id).where(hired, *where)
                 .group_by(Position.employer_id))
        return dict(db.session.execute(query).all())

    positions = dict(db.session.execute(
        select(Position.employer_id, func.count()).group_by(Position.employer_id)).all())
    open_ = dict(db.session.execute(
        select(Position.employer_id, func.count()).where(Position.status == "open")
        .group_by(Position.employer_id)).all())
    hires = per_employer(func.count())
    reached = per_employer(func.count(), where=(Referral.start_on <= today - timedelta(days=90),))
    kept = dict(db.session.execute(
        select(Position.employer_id, func.count()).select_from(RetentionCheck)
        .join(Referral, Referral.id == RetentionCheck.referral_id)
        .join(Position, Position.id == Referral.position_id)
        .where(RetentionCheck.day == 90, RetentionCheck.retained.is_(True))
        .group_by(Position.employer_id)).all())
    declines = referrals.record_declines_by_employer()
    employers = db.session.scalars(select(Employer).order_by(Employer.name)).all()
    return [Figures(e, positions.get(e.id, 0), open_.get(e.id, 0), hires.get(e.id, 0),
                    reached.get(e.id, 0), kept.get(e.id, 0), declines.get(e.id, 0)) for e in employers]
