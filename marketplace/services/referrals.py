"""The referral pipeline: the only code that creates a referral or changes its status.

Every change is one conditional UPDATE on the status it leaves, so two people pressing the same
button at once make one event; a hire takes its seat with one conditional UPDATE on `filled`, so
seats never overfill [SECURITY 26]. Each change appends a ReferralEvent and notifies the people
concerned in the same transaction. Functions take the acting user, flush and never commit; on a
domain error they leave nothing of theirs behind (the session is rolled back).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import clock
from ..extensions import db
from ..models import (
    CandidateProfile, CaseTask, Position, Referral, ReferralEvent, RetentionCheck, User,
)
from ..models.referrals import DECLINE_REASONS, LEFT_REASONS, OPEN_STATUSES, RETENTION_DAYS
from ..scopes import candidates_in_care, referrals_visible_to
from . import consents, notifications, ranking
from . import referral_states as states

# How far back a hire, an interview or a departure may be recorded, and how far ahead.
PAST_LIMIT = timedelta(days=366)
FUTURE_LIMIT = timedelta(days=180)
HIRED_ELSEWHERE = "hired elsewhere"
NO_SHOW_FOLLOW_UP = timedelta(days=3)


class ReferralError(Exception):
    """A refused action; `message` is shown to the person, `code` is a stable word for the API."""

    code = "referral_error"
    message = _l("This action is not possible.")

    def __init__(self, message=None, **details) -> None:
        if message is not None:
            self.message = message
        self.details = details
        super().__init__(self.code)  # the message is lazy: shown in the reader's language


class NotFound(ReferralError):
    code = "not_found"
    message = _l("We could not find that referral.")


class TransitionNotAllowed(ReferralError):
    code = "transition_not_allowed"
    message = _l("This step is not possible for this referral now. It may already have changed.")


class ConsentMissing(ReferralError):
    code = "consent_missing"
    message = _l("The person has not agreed to share their profile with this company. Record "
                 "their consent first.")


class PositionFull(ReferralError):
    code = "position_full"
    message = _l("This position is full: every seat is taken.")


class Duplicate(ReferralError):
    code = "duplicate"
    message = _l("This person already has a referral to this position.")


class InvalidInput(ReferralError):
    code = "validation"


class OnHold(ReferralError):
    code = "on_hold"
    message = _l("This company is suspended by the programme: its referrals are on hold until it "
                 "is reinstated. The referral can still be withdrawn.")


# The steps still possible while the company is suspended: letting the person go.
ON_HOLD_STEPS = ("withdrawn", "left")


# --- who is acting -------------------------------------------------------------------------------

def relation(actor: User, referral: Referral) -> str | None:
    """The actor's relation to a referral (a role in the steps table), or None when out of scope."""
    visible = db.session.scalar(
        referrals_visible_to(actor).where(Referral.id == referral.id).with_only_columns(Referral.id)
    )
    return actor.role if visible is not None else None


def allowed_steps(actor: User, referral: Referral) -> list[states.Step]:
    """The steps this actor may take on this referral now (for the buttons on a page)."""
    return states.steps_from(referral.status, relation(actor, referral))


def _may_propose_for(actor: User, candidate: CandidateProfile) -> bool:
    if actor.role == "candidate":
        return actor.candidate is not None and actor.candidate.id == candidate.id
    if actor.role == "caseworker":
        found = db.session.scalar(
            candidates_in_care(actor).where(CandidateProfile.id == candidate.id)
            .with_only_columns(CandidateProfile.id))
        return found is not None
    return False


# --- creating a referral -------------------------------------------------------------------------

def propose(actor: User, candidate: CandidateProfile, position: Position, note: str = "") -> Referral:
    """"I'm interested" (the candidate) or a caseworker's proposal: a `proposed` referral.

    A second press, or a pair that already has an open referral, raises Duplicate with the
    existing referral's id. A referral the person withdrew, or a position they turned down more
    than states.PARKED_DAYS ago, is proposed again on the same row.
    """
    if not _may_propose_for(actor, candidate):
        raise NotFound()
    _check_position_open(candidate, position)
    existing = _pair(candidate.id, position.id)
    if existing is not None:
        return _repropose(actor, existing, note)
    table = Referral.__table__
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    now = clock.now()
    new_id = db.session.execute(
        insert(table)
        .values(candidate_id=candidate.id, position_id=position.id, status="proposed",
                created_by_id=actor.id, created_at=now, updated_at=now,
                candidate_features=ranking.features_snapshot(candidate))
        .on_conflict_do_nothing(index_elements=["candidate_id", "position_id"])
        .returning(table.c.id)
    ).scalar()
    if new_id is None:  # someone pressed at the same moment: theirs is the one
        raise Duplicate(existing_id=_pair(candidate.id, position.id).id)
    referral = db.session.get(Referral, new_id)
    _after_change(actor, referral, None, "proposed", note)
    return referral


def _check_position_open(candidate: CandidateProfile, position: Position) -> None:
    suggestible = db.session.scalar(
        ranking.open_positions_query().where(Position.id == position.id).with_only_columns(Position.id))
    if suggestible is None:
        raise TransitionNotAllowed(_l("This position is not open for referrals."))
    if ranking.exclusions(candidate, position):
        raise TransitionNotAllowed(_l("The law or the company's rules exclude this person from "
                                      "this position."))


def _pair(candidate_id: int, position_id: int) -> Referral | None:
    return db.session.scalar(select(Referral).where(
        Referral.candidate_id == candidate_id, Referral.position_id == position_id))


def _repropose(actor: User, existing: Referral, note: str) -> Referral:
    parked_until = (existing.updated_at + timedelta(days=states.PARKED_DAYS)).date()
    again = existing.status == "withdrawn" or (
        existing.status == "declined" and existing.decline_reason == "candidate_declined"
        and clock.today() >= parked_until)
    if not again:
        raise Duplicate(existing_id=existing.id)
    source = existing.status
    if not _move(existing, source, "proposed", decline_reason=None,
                 candidate_features=ranking.features_snapshot(existing.candidate)):
        raise Duplicate(existing_id=existing.id)
    _after_change(actor, existing, source, "proposed", note)
    return existing


# --- moving a referral ---------------------------------------------------------------------------

@dataclass(frozen=True)
class StepInput:
    """What a step may carry: a decline or leaving reason, a date, a note."""

    reason: str | None = None
    on: date | None = None
    note: str = ""


def transition(actor: User, referral: Referral, target: str, data: StepInput = StepInput()) -> Referral:
    """Take one step of the table; raises a ReferralError (and writes nothing) when refused."""
    role = relation(actor, referral)
    if role is None:
        raise NotFound()
    source = referral.status
    step = states.step(source, target)
    if target == "hired" and source == "declined" and referral.decline_reason == "seat_filled":
        raise PositionFull()  # the last seat went to someone else: say so, not "not allowed"
    if step is None or role not in step.roles:
        raise TransitionNotAllowed()
    if target not in ON_HOLD_STEPS and referral.position.employer.suspended:
        raise OnHold()
    _check_needs(step, referral, data)
    try:
        return _apply(actor, referral, step, data)
    except ReferralError:
        db.session.rollback()
        raise


def _check_needs(step: states.Step, referral: Referral, data: StepInput) -> None:
    if states.NEEDS_REASON in step.needs and data.reason not in DECLINE_REASONS:
        raise InvalidInput(_l("Choose a reason from the list."), field="reason")
    if states.NEEDS_LEFT_REASON in step.needs and data.reason not in LEFT_REASONS:
        raise InvalidInput(_l("Choose a reason from the list."), field="reason")
    if states.NEEDS_DATE in step.needs:
        if data.on is None:
            raise InvalidInput(_l("Enter the date."), field="on")
        today = clock.today()
        if not today - PAST_LIMIT <= data.on <= today + FUTURE_LIMIT:
            raise InvalidInput(_l("Enter a date within a year before or six months after today."),
                               field="on")
        if step.target == "left" and referral.start_on and data.on < referral.start_on:
            raise InvalidInput(_l("The last day cannot be before the first working day."), field="on")
    if states.NEEDS_CONSENT in step.needs and not has_employer_consent(referral):
        raise ConsentMissing()


def has_employer_consent(referral: Referral) -> bool:
    """Has the person an active consent to share their profile with this position's company?"""
    return consents.is_active(referral.candidate_id, "employer", referral.position.employer_id)


def _apply(actor: User, referral: Referral, step: states.Step, data: StepInput) -> Referral:
    source, target = step.source, step.target
    values: dict = {}
    if target == "declined":
        values["decline_reason"] = data.reason
    elif target == "interview":
        values["interview_on"] = data.on
    elif target == "hired":
        values.update(start_on=data.on, hired_at=clock.now())
    elif target == "left":
        values.update(left_on=data.on, left_reason=data.reason)
    # The seat first: every hire of a position queues on the position's row before it touches a
    # referral, so concurrent hires cannot deadlock; a refused move undoes the seat (rollback).
    if target == "hired":
        _take_seat(referral.position)
    elif target == "left":
        _return_seat(referral.position)
    if not _move(referral, source, target, **values):
        raise TransitionNotAllowed()
    _after_change(actor, referral, source, target, data.note,
                  date=data.on, reason=data.reason if target == "declined" else None)
    if target == "hired":
        _after_hire(actor, referral)
    elif target == "declined" and data.reason == "no_show":
        _task(referral, "no_show", clock.today() + NO_SHOW_FOLLOW_UP)
    elif target == "left":
        db.session.execute(delete(RetentionCheck).where(
            RetentionCheck.referral_id == referral.id, RetentionCheck.retained.is_(None)))
        _task(referral, "placement_ended", clock.today())
    db.session.flush()
    return referral


def _move(referral: Referral, source: str, target: str, **values) -> bool:
    """Change the status only if it is still `source`: a double press changes it once."""
    result = db.session.execute(
        update(Referral)
        .where(Referral.id == referral.id, Referral.status == source)
        .values(status=target, updated_at=clock.now(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(referral)
    return True


def _take_seat(position: Position) -> None:
    taken = db.session.execute(
        update(Position)
        .where(Position.id == position.id, Position.filled < Position.seats)
        .values(filled=Position.filled + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise PositionFull()
    ranking.note_seats_changed()
    db.session.execute(
        update(Position).where(Position.id == position.id, Position.filled >= Position.seats,
                               Position.status == "open")
        .values(status="full").execution_options(synchronize_session=False))
    db.session.refresh(position)


def _return_seat(position: Position) -> None:
    db.session.execute(
        update(Position).where(Position.id == position.id, Position.filled > 0)
        .values(filled=Position.filled - 1).execution_options(synchronize_session=False))
    ranking.note_seats_changed()
    db.session.execute(
        update(Position).where(Position.id == position.id, Position.status == "full",
                               Position.filled < Position.seats)
        .values(status="open").execution_options(synchronize_session=False))
    db.session.refresh(position)


def _after_hire(actor: User, referral: Referral) -> None:
    """Schedule the retention checks; end the person's other referrals; when the position is
    full, decline its remaining referrals."""
    start = referral.start_on or clock.today()
    for day in RETENTION_DAYS:
        db.session.add(RetentionCheck(referral_id=referral.id, day=day,
                                      due_on=start + timedelta(days=day)))
    others = db.session.scalars(select(Referral).where(
        Referral.candidate_id == referral.candidate_id, Referral.id != referral.id,
        Referral.status.in_(OPEN_STATUSES))).all()
    for other in others:
        source = other.status
        if _move(other, source, "withdrawn"):
            _after_change(actor, other, source, "withdrawn", HIRED_ELSEWHERE)
    position = referral.position
    if position.filled >= position.seats:
        waiting = db.session.scalars(select(Referral).where(
            Referral.position_id == position.id, Referral.status.in_(OPEN_STATUSES))).all()
        for other in waiting:
            source = other.status
            if _move(other, source, "declined", decline_reason="seat_filled"):
                _after_change(actor, other, source, "declined", "", reason="seat_filled")


def _after_change(actor: User, referral: Referral, source: str | None, target: str, note: str,
                  date: date | None = None, reason: str | None = None) -> None:
    """The event of a change and the notifications to the people concerned (not the actor)."""
    db.session.add(ReferralEvent(referral_id=referral.id, from_status=source, to_status=target,
                                 actor_id=actor.id, note=(note or "").strip()[:2000], at=clock.now()))
    notify_concerned(referral, source, target, actor, date=date, reason=reason)


def notify_concerned(referral: Referral, source: str | None, target: str, actor: User | None,
                     date: date | None = None, reason: str | None = None) -> int:
    """Tell the people a change concerns (never the one who made it): the person, their
    caseworker, and the company once the referral has reached it."""
    position, candidate = referral.position, referral.candidate
    params = {"candidate": candidate.full_name, "position": position.title,
              "employer": position.employer.name}
    if date is not None:
        params["date"] = date.strftime("%d/%m/%Y")
    if reason is not None:
        params["reason"] = reason
    people = [candidate.user, *caseworkers_of(candidate)]
    if _reached_company(referral, source, target):
        people += [m.user for m in position.employer.members]
    actor_id = actor.id if actor is not None else None
    return notifications.notify([p for p in people if p is not None and p.id != actor_id],
                                f"referral_{target}", params, referral_id=referral.id)


def _reached_company(referral: Referral, source: str | None, target: str) -> bool:
    return target in ("sent", "interview", "hired", "left") or source in ("sent", "interview", "hired")


def caseworkers_of(candidate: CandidateProfile) -> list[User]:
    """The person's lead caseworker, or else every caseworker holding their commune; nobody for
    a self-registered person who has not let caseworkers see their profile."""
    if not consents.caseworkers_may_see(candidate):
        return []
    if candidate.caseworker is not None and candidate.caseworker.active:
        return [candidate.caseworker]
    from ..models import CaseworkerArea

    return list(db.session.scalars(
        select(User).join(CaseworkerArea, CaseworkerArea.caseworker_id == User.id)
        .where(CaseworkerArea.ward_code == candidate.ward_code, User.active.is_(True))))


def _task(referral: Referral, kind: str, due: date) -> None:
    db.session.add(CaseTask(candidate_id=referral.candidate_id, referral_id=referral.id,
                            kind=kind, due_on=due))


# --- retention -----------------------------------------------------------------------------------

def record_retention(actor: User, referral: Referral, day: int, retained: bool,
                     data: StepInput = StepInput()) -> Referral:
    """Answer a due 30/90/180-day check: "still working", or "left" (which ends the placement,
    returns the seat and alerts the caseworker)."""
    role = relation(actor, referral)
    if role is None:
        raise NotFound()
    if role not in states.RETENTION_CHECKERS or referral.status != "hired":
        raise TransitionNotAllowed()
    check = next((c for c in referral.retention_checks if c.day == day), None)
    if check is None or check.answered:
        raise TransitionNotAllowed(_l("This check has already been answered."))
    if check.due_on > clock.today():
        raise TransitionNotAllowed(_l("This check is not due yet."))
    if not retained:
        data = StepInput(reason=data.reason, on=data.on or clock.today(), note=data.note)
        step = states.step("hired", "left")
        _check_needs(step, referral, data)
    answered = db.session.execute(
        update(RetentionCheck)
        .where(RetentionCheck.id == check.id, RetentionCheck.retained.is_(None))
        .values(retained=retained, checked_at=clock.now(), checked_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if answered != 1:
        db.session.rollback()
        raise TransitionNotAllowed(_l("This check has already been answered."))
    db.session.refresh(check)
    if not retained:
        transition(actor, referral, "left", data)
    db.session.flush()
    return referral


# --- what pages list -----------------------------------------------------------------------------

def due_checks(referrals_query, today: date | None = None):
    """Unanswered retention checks that are due, among a scoped referrals query."""
    today = today or clock.today()
    scoped = referrals_query.where(Referral.status == "hired").with_only_columns(Referral.id)
    return (select(RetentionCheck)
            .where(RetentionCheck.referral_id.in_(scoped), RetentionCheck.retained.is_(None),
                   RetentionCheck.due_on <= today)
            .order_by(RetentionCheck.due_on))


def record_declines_by_employer() -> dict[int, int]:
    """How many referrals each company declined because of the conviction record."""
    rows = db.session.execute(
        select(Position.employer_id, func.count())
        .join(Referral, Referral.position_id == Position.id)
        .where(Referral.status == "declined", Referral.decline_reason == "record")
        .group_by(Position.employer_id))
    return dict(rows.all())
