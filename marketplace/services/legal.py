"""Legal status, the sentence, the date of automatic expungement and the purge that follows it.

Criminal Code 2015, art. 70 (automatic expungement): a person counts as never convicted once the
main sentence, the probation period and any supplementary penalty are completed and a waiting
period has passed without a new offence: 1 year for a warning, a fine, non-custodial reform or a
suspended sentence; 2 years for prison up to 5 years; 3 years for over 5 up to 15 years; 5 years
for over 15 years, life imprisonment or a commuted death sentence. A new offence is not recorded
here; the caseworker checks it with the judicial-record certificate.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, delete, select

from matching.taxonomy import OFFENCE_CATEGORIES

from .. import clock
from ..extensions import db
from ..models import (
    CandidateProfile, CaseNote, Milestone, Notification, OutboxMessage, Referral, ReferralEvent,
    SupportAction, User,
)
from ..models.candidates import LEGAL_STATUSES, OFFENCE_CODES, SENTENCE_KINDS
from . import notifications
from .casework import CaseworkError

# Waiting years by sentence kind; prison depends on its length (see PRISON_SCALE).
WAIT_YEARS = {"warning": 1, "fine": 1, "non_custodial_reform": 1, "suspended": 1, "life": 5,
              "death_commuted": 5}
# Prison: (up to this many months, waiting years), in order; beyond the last row, 5 years.
PRISON_SCALE = ((60, 2), (180, 3))
PRISON_OVER_SCALE = 5
MAX_MONTHS = 360
# Legal dates past this are typing errors; the waiting years added to one near 9999 would be past
# the last date Python knows (a server error, not a refusal).
LATEST_DATE = date(2100, 12, 31)
SOON_DAYS = 90
# Statuses a caseworker may set on the legal form; "expunged" comes only with the milestone.
SETTABLE_STATUSES = tuple(s for s in LEGAL_STATUSES if s != "expunged")
REMOVED = "—"


def waiting_years(kind: str, months: int | None) -> int:
    """Art. 70(2): the waiting period in years for a main sentence."""
    if kind == "prison":
        if months is None:
            raise ValueError("a prison sentence needs its length")
        for limit, years in PRISON_SCALE:
            if months <= limit:
                return years
        return PRISON_OVER_SCALE
    return WAIT_YEARS[kind]


def add_years(start: date, years: int) -> date:
    """The same day `years` later; a 29 February ends on 28 February (Civil Code 2015, art. 148:
    a period without the corresponding day ends on the last day of that month)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def completed_on(release_date: date | None, supervision_end: date | None,
                 penalty_end: date | None) -> date | None:
    """When the sentence counts as served: the latest of release, probation end, penalty end."""
    known = [d for d in (release_date, supervision_end, penalty_end) if d is not None]
    return max(known) if known else None


def expungement_date(kind: str | None, months: int | None, completed: date | None) -> date | None:
    """The date of automatic expungement, or None when the sentence or its end is not known."""
    if kind is None or completed is None or (kind == "prison" and months is None):
        return None
    return add_years(completed, waiting_years(kind, months))


# --- the legal form ------------------------------------------------------------------------------

@dataclass(frozen=True)
class LegalInput:
    status: str
    offence_category: str | None
    sentence_kind: str | None
    sentence_months: int | None
    release_date: date | None
    supervision_end: date | None
    penalty_end: date | None
    travel_restricted: bool


def check(data: LegalInput) -> None:
    """Refuse what the database would refuse or what makes no sense, naming the field."""
    if data.status not in SETTABLE_STATUSES:
        raise CaseworkError(_l("Choose a legal status from the list."), field="status")
    if data.offence_category is not None and data.offence_category not in OFFENCE_CODES:
        raise CaseworkError(_l("Choose an offence category from the list."), field="offence_category")
    if data.sentence_kind is not None and data.sentence_kind not in SENTENCE_KINDS:
        raise CaseworkError(_l("Choose a sentence from the list."), field="sentence_kind")
    if data.sentence_kind == "prison" and not data.sentence_months:
        raise CaseworkError(_l("Enter the length of the prison sentence in months."),
                            field="sentence_months")
    if data.sentence_months is not None and not 1 <= data.sentence_months <= MAX_MONTHS:
        raise CaseworkError(_l("Enter a length between 1 and %(n)s months.", n=MAX_MONTHS),
                            field="sentence_months")
    if data.release_date is not None and data.release_date > clock.today():
        raise CaseworkError(_l("The release date cannot be in the future."), field="release_date")
    for name in ("release_date", "supervision_end", "penalty_end"):
        if (getattr(data, name) or LATEST_DATE) > LATEST_DATE:
            raise CaseworkError(_l("Not a valid date."), field=name)


def set_legal(actor: User, profile: CandidateProfile, data: LegalInput) -> CandidateProfile:
    """Record the legal status and sentence and compute the expungement date (art. 70).

    An expunged record is final: it can no longer be edited (the person has no record)."""
    if profile.legal_status == "expunged":
        raise CaseworkError(_l("This record is expunged: there is nothing left to edit."))
    check(data)
    months = data.sentence_months
    profile.legal_status = data.status
    profile.offence_category = data.offence_category
    profile.sentence_kind = data.sentence_kind
    profile.sentence_months = months
    profile.release_date = data.release_date
    profile.supervision_end = data.supervision_end
    profile.penalty_end = data.penalty_end
    profile.travel_restricted = data.travel_restricted
    profile.expungement_date = expungement_date(
        data.sentence_kind, months, completed_on(data.release_date, data.supervision_end,
                                                 data.penalty_end))
    db.session.flush()
    return profile


def eligible_soon(pool: Select, today: date | None = None, days: int = SOON_DAYS) -> Select:
    """People in `pool` whose record is expunged by law now or within `days` days: the caseworker
    helps them ask for the judicial-record certificate."""
    today = today or clock.today()
    return pool.where(CandidateProfile.legal_status != "expunged",
                      CandidateProfile.expungement_date.is_not(None),
                      CandidateProfile.expungement_date <= today + timedelta(days=days))


# --- the purge -----------------------------------------------------------------------------------

def _needles(profile: CandidateProfile) -> list[str]:
    """The words and dates that name this person's conviction in free text."""
    found: list[str] = []
    code = profile.offence_category
    if code and code != "other":  # "other" is an ordinary word; its label names nothing
        found += [code, *OFFENCE_CATEGORIES.get(code, ())]
    for day in (profile.release_date, profile.supervision_end, profile.penalty_end):
        if day is not None:
            found += [day.isoformat(), day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day.year}"]
    return [n.casefold() for n in found if n]


def _names(text: str | None, needles: list[str]) -> bool:
    folded = (text or "").casefold()
    return any(n in folded for n in needles)


def _scrub_params(rows, needles: list[str]) -> None:
    for row in rows:
        params = dict(row.params or {})
        if any(_names(str(v), needles) for v in params.values()):
            row.params = {k: (REMOVED if _names(str(v), needles) else v) for k, v in params.items()}


def expunge(actor: User, profile: CandidateProfile, on: date) -> Milestone:
    """Record the expungement and remove the conviction details everywhere, in one transaction.

    Kept: the milestones' kinds and dates (the fact that they happened and when). Removed: offence,
    sentence, dates, supervision, travel restriction; notes about the legal case; the text of case
    notes, support notes, referral events and notifications that names the offence or its dates.
    From then on the person has no record: no exclusion filter applies, nothing legal is shown.
    """
    if profile.legal_status == "expunged":
        raise CaseworkError(_l("This record is already expunged."))
    if on > clock.today():
        raise CaseworkError(_l("The date cannot be in the future."), field="occurred_on")
    needles = _needles(profile)
    referral_ids = select(Referral.id).where(Referral.candidate_id == profile.id)
    db.session.execute(delete(CaseNote).where(CaseNote.candidate_id == profile.id,
                                              CaseNote.about_legal_case.is_(True)))
    for row in db.session.scalars(select(CaseNote).where(CaseNote.candidate_id == profile.id)):
        if _names(row.body, needles):
            row.body = REMOVED
    for row in db.session.scalars(select(SupportAction).where(SupportAction.candidate_id == profile.id)):
        if _names(row.note, needles) or _names(row.purpose, needles):
            row.note, row.purpose = ("", "") if _names(row.purpose, needles) else (REMOVED, row.purpose)
    for row in db.session.scalars(select(ReferralEvent).where(ReferralEvent.referral_id.in_(referral_ids))):
        if _names(row.note, needles):
            row.note = REMOVED
    user_id = profile.user_id or -1
    _scrub_params(db.session.scalars(select(Notification).where(
        (Notification.referral_id.in_(referral_ids)) | (Notification.recipient_id == user_id))), needles)
    _scrub_params(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient_id == user_id)), needles)
    _scrub_params(_outbox_of_referrals(referral_ids), needles)
    for milestone in profile.milestones:
        milestone.note = ""  # the fact and the date stay; what was written about it goes
    profile.legal_status = "expunged"
    profile.offence_category = profile.sentence_kind = None
    profile.sentence_months = None
    profile.release_date = profile.supervision_end = profile.penalty_end = None
    profile.travel_restricted = False
    profile.expungement_date = on
    milestone = Milestone(candidate_id=profile.id, kind="expunged", occurred_on=on, note="",
                          recorded_by_id=actor.id)
    db.session.add(milestone)
    if profile.user is not None:
        notifications.notify([profile.user], "record_expunged", {"date": on.strftime("%d/%m/%Y")})
    db.session.flush()
    return milestone


def _outbox_of_referrals(referral_ids: Select):
    """Outbox rows carry no referral id: those made with a notification of these referrals share
    its recipient, template and parameters."""
    notes = db.session.scalars(select(Notification).where(Notification.referral_id.in_(referral_ids))).all()
    keys = {(n.recipient_id, n.template) for n in notes}
    if not keys:
        return []
    recipients = {k[0] for k in keys}
    return [row for row in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient_id.in_(recipients))) if (row.recipient_id, row.template) in keys]
