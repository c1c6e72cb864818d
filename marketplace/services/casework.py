"""The caseworker's record of their work: profiles made on behalf, visits and notes, support,
milestones. The record is evidence: its author may correct an entry within 24 hours; after that a
correction is a new entry."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from .. import clock
from ..extensions import db
from ..models import CandidateProfile, CaseNote, CaseTask, Milestone, SupportAction, User
from ..models.candidates import MILESTONE_KINDS, NOTE_KINDS, SUPPORT_KINDS

EDIT_WINDOW = timedelta(hours=24)
# How far back an entry may be dated: the programme keeps a few years of history.
PAST_LIMIT = timedelta(days=5 * 366)
# Support kinds that carry an amount of money.
WITH_AMOUNT = ("loan", "gift")
# The column is a 32-bit integer (PostgreSQL's integer): 2 billion đồng is far above any loan or
# gift of the programme, and a larger amount would be a server error, not a refusal.
MAX_AMOUNT = 2_000_000_000


class CaseworkError(Exception):
    """A refused entry; `message` is shown to the person, `field` names the form field at fault."""

    code = "validation"

    def __init__(self, message, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(self.code)


def _check_day(day: date | None, field: str = "occurred_on") -> None:
    today = clock.today()
    if day is None:
        raise CaseworkError(_l("Enter the date."), field=field)
    if day > today:
        raise CaseworkError(_l("The date cannot be in the future."), field=field)
    if day < today - PAST_LIMIT:
        raise CaseworkError(_l("The date is too far in the past."), field=field)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def may_edit(actor: User, author_id: int | None, created_at: datetime) -> bool:
    """Only the author, and only within 24 hours of writing it."""
    return author_id == actor.id and clock.now() - _aware(created_at) <= EDIT_WINDOW


# --- profiles made on behalf ---------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileInput:
    full_name: str
    birth_year: int | None
    gender: str
    province_code: int
    ward_code: int
    phone: str | None
    address_line: str = ""


def check_commune(actor: User | None, ward_code: int) -> None:
    """A caseworker places people only in the communes they hold; an admin (or the command line,
    `actor` None) anywhere."""
    if actor is not None and actor.role == "admin":
        return
    if actor is not None and (actor.caseworker is None or ward_code not in actor.caseworker.ward_codes):
        raise CaseworkError(_l("Choose one of the communes in your care."), field="ward")


def create_profile(actor: User, data: ProfileInput) -> CandidateProfile:
    """A profile for someone without a phone or the skill to use one; they may claim it later
    with a code. The commune must be one the caseworker holds, and they become the lead."""
    check_commune(actor, data.ward_code)
    profile = CandidateProfile(full_name=data.full_name.strip(), birth_year=data.birth_year,
                               gender=data.gender, province_code=data.province_code,
                               ward_code=data.ward_code, phone=data.phone or None,
                               address_line=data.address_line.strip(), caseworker_id=actor.id)
    db.session.add(profile)
    db.session.flush()
    return profile


# --- visits, calls and notes ---------------------------------------------------------------------

@dataclass(frozen=True)
class NoteInput:
    kind: str
    occurred_on: date | None
    body: str
    about_legal_case: bool = False


def _check_note(data: NoteInput) -> None:
    if data.kind not in NOTE_KINDS:
        raise CaseworkError(_l("Choose a kind from the list."), field="kind")
    _check_day(data.occurred_on)
    if not data.body.strip():
        raise CaseworkError(_l("Write a few words about it."), field="body")


def add_note(actor: User, profile: CandidateProfile, data: NoteInput) -> CaseNote:
    _check_note(data)
    note = CaseNote(candidate_id=profile.id, author_id=actor.id, kind=data.kind,
                    occurred_on=data.occurred_on, body=data.body.strip(),
                    about_legal_case=data.about_legal_case, created_at=clock.now())
    db.session.add(note)
    db.session.flush()
    return note


def edit_note(actor: User, note: CaseNote, data: NoteInput) -> CaseNote:
    if not may_edit(actor, note.author_id, note.created_at):
        raise CaseworkError(_l("Only the author may correct an entry, within 24 hours. Add a new "
                               "entry instead."))
    _check_note(data)
    note.kind, note.occurred_on, note.body = data.kind, data.occurred_on, data.body.strip()
    note.about_legal_case = data.about_legal_case
    db.session.flush()
    return note


# --- support -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SupportInput:
    kind: str
    occurred_on: date | None
    amount_vnd: int | None = None
    purpose: str = ""
    note: str = ""


def _check_support(data: SupportInput) -> None:
    if data.kind not in SUPPORT_KINDS:
        raise CaseworkError(_l("Choose a kind of support from the list."), field="kind")
    _check_day(data.occurred_on)
    if data.amount_vnd is not None and not 0 <= data.amount_vnd <= MAX_AMOUNT:
        raise CaseworkError(_l("Enter an amount of zero or more, in đồng."), field="amount_vnd")
    if data.kind == "loan" and not data.amount_vnd:
        raise CaseworkError(_l("Enter the amount of the loan."), field="amount_vnd")
    if data.kind == "loan" and not data.purpose.strip():
        raise CaseworkError(_l("Say what the loan is for."), field="purpose")


def add_support(actor: User, profile: CandidateProfile, data: SupportInput) -> SupportAction:
    _check_support(data)
    action = SupportAction(candidate_id=profile.id, kind=data.kind, occurred_on=data.occurred_on,
                           amount_vnd=data.amount_vnd if data.kind in WITH_AMOUNT else None,
                           purpose=data.purpose.strip() if data.kind == "loan" else "",
                           note=data.note.strip(), recorded_by_id=actor.id, created_at=clock.now())
    db.session.add(action)
    db.session.flush()
    return action


def edit_support(actor: User, action: SupportAction, data: SupportInput) -> SupportAction:
    if not may_edit(actor, action.recorded_by_id, action.created_at):
        raise CaseworkError(_l("Only the author may correct an entry, within 24 hours. Add a new "
                               "entry instead."))
    _check_support(data)
    action.kind, action.occurred_on = data.kind, data.occurred_on
    action.amount_vnd = data.amount_vnd if data.kind in WITH_AMOUNT else None
    action.purpose = data.purpose.strip() if data.kind == "loan" else ""
    action.note = data.note.strip()
    db.session.flush()
    return action


# --- milestones ----------------------------------------------------------------------------------

def add_milestone(actor: User, profile: CandidateProfile, kind: str, occurred_on: date | None,
                  note: str = "") -> Milestone:
    """Probation shortened, out of management, other; "expunged" purges the record (legal.py)."""
    if kind not in MILESTONE_KINDS:
        raise CaseworkError(_l("Choose a milestone from the list."), field="kind")
    _check_day(occurred_on)
    if kind == "expunged":
        from . import legal

        return legal.expunge(actor, profile, occurred_on)
    if profile.legal_status == "expunged":
        note = ""  # nothing legal is written about a person who has no record
    milestone = Milestone(candidate_id=profile.id, kind=kind, occurred_on=occurred_on,
                          note=note.strip(), recorded_by_id=actor.id)
    db.session.add(milestone)
    db.session.flush()
    return milestone


# --- follow-ups ----------------------------------------------------------------------------------

def finish_task(actor: User, task: CaseTask) -> bool:
    """Mark a follow-up (a no-show, an ended placement, a data request) done; a second press
    changes nothing."""
    return db.session.execute(
        update(CaseTask).where(CaseTask.id == task.id, CaseTask.done_at.is_(None))
        .values(done_at=clock.now(), done_by_id=actor.id).execution_options(synchronize_session=False)
    ).rowcount == 1
