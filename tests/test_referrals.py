"""The referral pipeline's service: its table of steps, its seat rule and what each step causes."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import (
    CandidateProfile, CaseTask, Notification, OutboxMessage, Position, Referral, ReferralEvent,
    RetentionCheck, User,
)
from marketplace.services import ranking, referrals
from marketplace.services.referral_states import STEPS
from marketplace.services.referrals import StepInput

from .conftest import UONG_BI


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def act(app, cast):
    """Run one service call as a user inside its own app context and commit, like a request."""

    def run(user_id: int, fn, *args, **kwargs):
        with app.app_context():
            result = fn(_user(user_id), *args, **kwargs)
            db.session.commit()
            return result.id if hasattr(result, "id") else result

    return run


@pytest.fixture
def referral_at(app, cast, act, give_consent):
    """A referral of the cast's person to its position, moved to a status through the service."""

    def make(status: str, candidate_id: int | None = None, position_id: int | None = None) -> int:
        cid, pid = candidate_id or cast.candidate, position_id or cast.position
        with app.app_context():
            rid = referrals.propose(_user(cast.caseworker), db.session.get(CandidateProfile, cid),
                                    db.session.get(Position, pid)).id
            db.session.commit()
        path = {"proposed": [], "approved": ["approved"], "sent": ["approved", "sent"],
                "interview": ["approved", "sent", "interview"],
                "hired": ["approved", "sent", "hired"]}[status]
        for target in path:
            if target == "sent":
                with app.app_context():
                    employer_id = db.session.get(Position, pid).employer_id
                give_consent(cid, employer_id)
            actor = cast.employer_user if target in ("interview", "hired") else cast.caseworker
            if target in ("interview", "hired"):
                with app.app_context():
                    actor = db.session.get(Position, pid).employer.members[0].user_id
            step(actor, rid, target, StepInput(on=clock.today()))
        return rid

    def step(user_id, rid, target, data=StepInput()):
        with app.app_context():
            referrals.transition(_user(user_id), db.session.get(Referral, rid), target, data)
            db.session.commit()

    make.step = step
    return make


def _status(app, rid: int) -> str:
    with app.app_context():
        return db.session.get(Referral, rid).status


def test_the_table_names_only_real_statuses_and_roles():
    from marketplace.models.referrals import REFERRAL_STATUSES

    for (source, target), step in STEPS.items():
        assert source in REFERRAL_STATUSES and target in REFERRAL_STATUSES
        assert step.roles <= {"candidate", "caseworker", "employer", "admin"}


def test_one_person_walks_from_interested_to_retained_180_days(app, cast, act, referral_at, give_consent,
                                                               monkeypatch):
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        rid = referrals.propose(_user(cast.candidate_user), profile, db.session.get(Position, cast.position)).id
        db.session.commit()
    step = referral_at.step
    step(cast.caseworker, rid, "approved")
    give_consent(cast.candidate, cast.employer)
    step(cast.caseworker, rid, "sent")
    step(cast.employer_user, rid, "interview", StepInput(on=clock.today() + timedelta(days=2)))
    start = clock.today() - timedelta(days=200)
    step(cast.employer_user, rid, "hired", StepInput(on=start))
    for day in (30, 90, 180):
        act(cast.employer_user if day != 90 else cast.caseworker, lambda u, d=day: referrals.record_retention(
            u, db.session.get(Referral, rid), d, True))
    with app.app_context():
        referral = db.session.get(Referral, rid)
        assert referral.status == "hired" and referral.start_on == start
        assert [(c.day, c.retained, c.due_on) for c in referral.retention_checks] == [
            (30, True, start + timedelta(days=30)), (90, True, start + timedelta(days=90)),
            (180, True, start + timedelta(days=180))]
        assert [(e.from_status, e.to_status) for e in referral.events] == [
            (None, "proposed"), ("proposed", "approved"), ("approved", "sent"), ("sent", "interview"),
            ("interview", "hired")]
        assert referral.events[0].actor_id == cast.candidate_user
        assert db.session.get(Position, cast.position).filled == 1
        assert ranking.outcome_label(referral) == 3


@pytest.mark.parametrize("status, actor, target, error", [
    ("proposed", "employer_user", "approved", referrals.NotFound),   # an employer approving (unseen yet)
    ("approved", "employer_user", "hired", referrals.NotFound),      # hire one never sent
    ("proposed", "caseworker", "sent", referrals.TransitionNotAllowed),          # skipping approval
    ("sent", "candidate_user", "hired", referrals.TransitionNotAllowed),         # the person hiring
    ("sent", "caseworker", "interview", referrals.TransitionNotAllowed),         # the employer's step
    ("sent", "other_employer_user", "interview", referrals.NotFound),            # another company
    ("proposed", "other_caseworker", "approved", referrals.NotFound),            # another commune
    ("proposed", "admin", "approved", referrals.TransitionNotAllowed),           # admins only withdraw
    ("hired", "candidate_user", "withdrawn", referrals.TransitionNotAllowed),     # not after a hire
])
def test_steps_outside_the_table_are_refused_and_change_nothing(app, cast, referral_at, status, actor, target,
                                                                error):
    rid = referral_at(status)
    with app.app_context():
        events = _count(ReferralEvent)
        notes = _count(Notification)
        with pytest.raises(error):
            referrals.transition(_user(getattr(cast, actor)), db.session.get(Referral, rid), target,
                                 StepInput(on=clock.today(), reason="skills"))
        db.session.rollback()
        assert _count(ReferralEvent) == events and _count(Notification) == notes
    assert _status(app, rid) == status


def test_a_company_sees_a_referral_only_once_it_was_sent(app, cast, referral_at):
    from marketplace.scopes import referrals_visible_to

    rid = referral_at("approved")

    def seen() -> bool:
        with app.app_context():
            return db.session.scalar(referrals_visible_to(_user(cast.employer_user))
                                     .where(Referral.id == rid)) is not None

    assert not seen()
    with app.app_context():
        from marketplace.services import consents

        consents.record(_user(cast.caseworker), db.session.get(CandidateProfile, cast.candidate), "employer",
                        cast.employer, reference="P-1")
        db.session.commit()
    referral_at.step(cast.caseworker, rid, "sent")
    assert seen()
    referral_at.step(cast.caseworker, rid, "withdrawn")
    assert seen()  # its history stays with the company it reached


def test_sending_without_consent_is_refused(app, cast, referral_at):
    rid = referral_at("approved")
    with app.app_context(), pytest.raises(referrals.ConsentMissing):
        referrals.transition(_user(cast.caseworker), db.session.get(Referral, rid), "sent")
    assert _status(app, rid) == "approved"


def test_a_withdrawn_consent_stops_the_sending(app, cast, referral_at, give_consent):
    rid = referral_at("approved")
    give_consent(cast.candidate, cast.employer)
    with app.app_context():
        from marketplace.models import Consent
        from marketplace.services import consents

        consents.withdraw(db.session.scalar(select(Consent)))
        db.session.commit()
        with pytest.raises(referrals.ConsentMissing):
            referrals.transition(_user(cast.caseworker), db.session.get(Referral, rid), "sent")


@pytest.mark.parametrize("target, data, field", [
    ("declined", StepInput(reason=None), "reason"),
    ("declined", StepInput(reason="because"), "reason"),
    ("interview", StepInput(on=None), "on"),
    ("hired", StepInput(on=date(2020, 1, 1)), "on"),
])
def test_steps_that_need_a_reason_or_a_date_say_which(app, cast, referral_at, target, data, field):
    rid = referral_at("sent")
    with app.app_context(), pytest.raises(referrals.InvalidInput) as refused:
        referrals.transition(_user(cast.employer_user), db.session.get(Referral, rid), target, data)
    assert refused.value.details["field"] == field
    assert _status(app, rid) == "sent"


def test_hiring_withdraws_the_persons_other_referrals_and_tells_their_companies(
        app, cast, referral_at, make_position, give_consent):
    second = make_position(cast.other_employer, UONG_BI, title="Phụ kho", seats=3)
    other = referral_at("sent", position_id=second)
    rid = referral_at("sent")
    referral_at.step(cast.employer_user, rid, "hired", StepInput(on=clock.today()))
    with app.app_context():
        withdrawn = db.session.get(Referral, other)
        assert withdrawn.status == "withdrawn"
        assert withdrawn.events[-1].note == referrals.HIRED_ELSEWHERE
        told = db.session.scalars(select(Notification.recipient_id).where(
            Notification.referral_id == other, Notification.template == "referral_withdrawn")).all()
        assert cast.other_employer_user in told and cast.caseworker in told


def test_filling_the_last_seat_declines_the_rest_and_closes_the_position(
        app, cast, referral_at, make_candidate):
    with app.app_context():
        db.session.get(Position, cast.position).seats = 1
        db.session.commit()
    waiting = referral_at("sent", candidate_id=make_candidate(UONG_BI, full_name="Lê Văn Tư"))
    rid = referral_at("sent")
    referral_at.step(cast.employer_user, rid, "hired", StepInput(on=clock.today()))
    with app.app_context():
        declined = db.session.get(Referral, waiting)
        assert (declined.status, declined.decline_reason) == ("declined", "seat_filled")
        position = db.session.get(Position, cast.position)
        assert (position.filled, position.status) == (1, "full")
        assert db.session.scalar(ranking.open_positions_query().where(Position.id == cast.position)) is None


def test_a_full_position_refuses_the_hire_and_nothing_changes(app, cast, referral_at):
    rid = referral_at("sent")
    with app.app_context():
        db.session.get(Position, cast.position).filled = 5
        db.session.commit()
        events = _count(ReferralEvent)
        with pytest.raises(referrals.PositionFull):
            referrals.transition(_user(cast.employer_user), db.session.get(Referral, rid), "hired",
                                 StepInput(on=clock.today()))
        assert _count(ReferralEvent) == events
        assert db.session.get(Referral, rid).status == "sent"
        assert db.session.get(Position, cast.position).filled == 5


def test_leaving_frees_the_seat_alerts_the_caseworker_and_the_person_is_suggested_again(
        app, cast, referral_at, act, make_position):
    other = make_position(cast.other_employer, UONG_BI, title="Phụ kho", seats=3)
    rid = referral_at("hired")

    def in_pool() -> tuple[bool, bool]:
        profile = db.session.get(CandidateProfile, cast.candidate)
        suggested = other in [s.position.id for s in ranking.suggestions_for(profile)]
        ranked = cast.candidate in [r.profile.id for r in ranking.candidates_for(
            db.session.get(Position, other), select(CandidateProfile))]
        return suggested, ranked

    with app.app_context():
        assert in_pool() == (False, False)  # placed: out of the pool
        db.session.get(Referral, rid).retention_checks[0].due_on = clock.today()
        db.session.commit()
    act(cast.employer_user, lambda u: referrals.record_retention(
        u, db.session.get(Referral, rid), 30, False, StepInput(reason="family")))
    with app.app_context():
        referral = db.session.get(Referral, rid)
        assert (referral.status, referral.left_reason) == ("left", "family")
        assert [c.day for c in referral.retention_checks] == [30]  # the later checks are dropped
        assert db.session.get(Position, cast.position).filled == 0
        task = db.session.scalar(select(CaseTask))
        assert (task.kind, task.candidate_id) == ("placement_ended", cast.candidate)
        assert db.session.scalar(select(Notification).where(
            Notification.recipient_id == cast.caseworker, Notification.template == "referral_left"))
        assert in_pool() == (True, True)
        assert ranking.outcome_label(referral) == 0


def test_a_seat_returned_reopens_a_full_position(app, cast, referral_at, act):
    with app.app_context():
        db.session.get(Position, cast.position).seats = 1
        db.session.commit()
    rid = referral_at("hired")
    assert _position_status(app, cast.position) == "full"
    act(cast.caseworker, lambda u: referrals.transition(
        u, db.session.get(Referral, rid), "left", StepInput(reason="wage", on=clock.today())))
    assert _position_status(app, cast.position) == "open"


def _position_status(app, position_id: int) -> str:
    with app.app_context():
        return db.session.get(Position, position_id).status


def test_a_check_not_yet_due_cannot_be_answered(app, cast, referral_at):
    rid = referral_at("hired")
    with app.app_context(), pytest.raises(referrals.TransitionNotAllowed):
        referrals.record_retention(_user(cast.employer_user), db.session.get(Referral, rid), 30, True)


def test_a_retention_answer_twice_counts_once(app, cast, referral_at, act):
    rid = referral_at("hired")
    with app.app_context():
        db.session.get(Referral, rid).retention_checks[0].due_on = clock.today()
        db.session.commit()
    answer = lambda u: referrals.record_retention(u, db.session.get(Referral, rid), 30, True)  # noqa: E731
    act(cast.employer_user, answer)
    with pytest.raises(referrals.TransitionNotAllowed):
        act(cast.caseworker, answer)


@pytest.mark.parametrize("reason, follow_up", [("no_show", "no_show"), ("skills", None)])
def test_a_no_show_creates_a_follow_up_for_the_caseworker(app, cast, referral_at, reason, follow_up):
    rid = referral_at("interview")
    referral_at.step(cast.employer_user, rid, "declined", StepInput(reason=reason))
    with app.app_context():
        assert db.session.scalar(select(CaseTask.kind)) == follow_up


def test_declines_for_the_record_are_counted_per_company(app, cast, referral_at):
    rid = referral_at("sent")
    referral_at.step(cast.employer_user, rid, "declined", StepInput(reason="record"))
    with app.app_context():
        assert referrals.record_declines_by_employer() == {cast.employer: 1}


def test_a_position_the_person_turned_down_is_parked_for_60_days(app, cast, referral_at):
    rid = referral_at("approved")
    referral_at.step(cast.caseworker, rid, "declined", StepInput(reason="candidate_declined"))
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        shown = lambda: [s.position.id for s in ranking.suggestions_for(profile)]  # noqa: E731
        assert cast.position not in shown()
        with pytest.raises(referrals.Duplicate):
            referrals.propose(_user(cast.candidate_user), profile, db.session.get(Position, cast.position))
        referral = db.session.get(Referral, rid)
        referral.updated_at = clock.now() - timedelta(days=61)
        db.session.commit()
        assert cast.position in shown()
        again = referrals.propose(_user(cast.candidate_user), profile, db.session.get(Position, cast.position))
        db.session.commit()
        assert again.id == rid and again.status == "proposed" and again.decline_reason is None


def test_interested_twice_makes_one_referral(app, cast, act):
    interested = lambda u: referrals.propose(  # noqa: E731
        u, db.session.get(CandidateProfile, cast.candidate), db.session.get(Position, cast.position))
    first = act(cast.candidate_user, interested)
    with pytest.raises(referrals.Duplicate) as again:
        act(cast.candidate_user, interested)
    assert again.value.details["existing_id"] == first
    with app.app_context():
        assert _count(Referral) == 1 and _count(ReferralEvent) == 1


def test_an_excluded_person_cannot_be_proposed(app, cast):
    with app.app_context():
        db.session.get(Position, cast.position).excluded_offences = ["violence"]
        db.session.get(CandidateProfile, cast.candidate).offence_category = "violence"
        db.session.commit()
        with pytest.raises(referrals.TransitionNotAllowed):
            referrals.propose(_user(cast.caseworker), db.session.get(CandidateProfile, cast.candidate),
                              db.session.get(Position, cast.position))


def test_nobody_else_may_propose(app, cast):
    with app.app_context():
        for outsider in (cast.other_caseworker, cast.employer_user, cast.admin):
            with pytest.raises(referrals.NotFound):
                referrals.propose(_user(outsider), db.session.get(CandidateProfile, cast.candidate),
                                  db.session.get(Position, cast.position))


def test_every_change_notifies_the_others_with_one_outbox_row_each(app, cast, referral_at):
    referral_at("sent")
    with app.app_context():
        notes = db.session.scalars(select(Notification).order_by(Notification.id)).all()
        outbox = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert len(notes) == len(outbox) > 0
        assert [(n.recipient_id, n.template) for n in notes] == [(o.recipient_id, o.template) for o in outbox]
        # The caseworker acted on every step so far: they are never told of their own actions.
        assert cast.caseworker not in {n.recipient_id for n in notes}
        sent_to = {n.recipient_id for n in notes if n.template == "referral_sent"}
        assert sent_to == {cast.candidate_user, cast.employer_user}
        # The company hears nothing before the referral is sent to it.
        assert cast.employer_user not in {n.recipient_id for n in notes if n.template != "referral_sent"}
        phone = next(o for o in outbox if o.recipient_id == cast.candidate_user)
        assert phone.channel == "sms" and phone.address.startswith("09") and phone.status == "pending"
        assert _count(RetentionCheck) == 0


def test_the_console_sender_marks_the_outbox_sent(app, cast, referral_at):
    from marketplace.services import notifications

    referral_at("approved")
    with app.app_context():
        delivery = notifications.deliver_pending(notifications.ConsoleSender())
        db.session.commit()
        assert delivery.sent == _count(OutboxMessage) > 0
        assert _count(OutboxMessage, OutboxMessage.status != "sent") == 0


def test_the_outbox_command_delivers_with_the_console_sender(app, cast, referral_at):
    referral_at("approved")
    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        pending = _count(OutboxMessage, OutboxMessage.status == "pending")
        sent = _count(OutboxMessage, OutboxMessage.status == "sent")
    assert pending == 0 and f"Sent {sent}," in result.output and sent > 0


def test_the_exposure_log_keeps_180_days(app, cast):
    from marketplace.models import Exposure

    with app.app_context():
        for age in (10, 179, 181, 400):
            db.session.add(Exposure(shown_at=clock.now() - timedelta(days=age), surface="candidate_home",
                                    candidate_id=cast.candidate, position_id=cast.position, rank=1, score=0.5,
                                    model_version="cold-start"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "2 rows" in result.output
    with app.app_context():
        assert _count(Exposure) == 2
