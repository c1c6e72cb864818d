"""Seats never overfill and a double press makes one event, under real concurrency [SECURITY 26].

Each thread is one request: its own app context, session and database connection. Runs on SQLite
and, with TEST_DATABASE_URL, on PostgreSQL.
"""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, insert, select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CandidateProfile, Consent, Position, Referral, ReferralEvent, User
from marketplace.services import referrals
from marketplace.services.referrals import StepInput

from .conftest import UONG_BI


@pytest.fixture
def app_config(app_config):
    # One connection per thread, as with that many server threads: nobody waits for the pool.
    return {**app_config, "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 64, "max_overflow": 4,
                                                         "pool_pre_ping": True,
                                                         "hide_parameters": True}}


def _many_sent(app, position_id: int, employer_id: int, n: int) -> list[int]:
    """n people, each with a referral already sent to the position (and consent to share)."""
    with app.app_context():
        now = clock.now()
        ids = []
        for i in range(n):
            person = CandidateProfile(full_name=f"Người {i}", province_code=UONG_BI[0], ward_code=UONG_BI[1])
            db.session.add(person)
            db.session.flush()
            db.session.add(Consent(candidate_id=person.id, purpose="employer", employer_id=employer_id,
                                   notice_version="2026-01"))
            ids.append(db.session.execute(insert(Referral).values(
                candidate_id=person.id, position_id=position_id, status="sent",
                created_at=now, updated_at=now).returning(Referral.id)).scalar())
        db.session.commit()
        return ids


def _race(app, user_id: int, calls: list, attempt) -> Counter:
    """Run every call at the same moment, each as its own request; count how each ended."""
    gate = threading.Barrier(len(calls))

    def one(arg):
        with app.app_context():
            actor = db.session.get(User, user_id)
            referral = db.session.get(Referral, arg)
            gate.wait()
            try:
                attempt(actor, referral)
                db.session.commit()
                return "ok"
            except referrals.ReferralError as refused:
                db.session.rollback()
                return refused.code
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return Counter(pool.map(one, calls))


def test_req_26_sixty_hires_at_once_fill_five_seats_exactly(app, cast):
    sent = _many_sent(app, cast.position, cast.employer, 60)
    outcome = _race(app, cast.employer_user, sent, lambda actor, referral: referrals.transition(
        actor, referral, "hired", StepInput(on=clock.today())))
    with app.app_context():
        hired = db.session.scalar(select(func.count()).select_from(Referral).where(Referral.status == "hired"))
        hire_events = db.session.scalar(select(func.count()).select_from(ReferralEvent).where(
            ReferralEvent.to_status == "hired"))
        position = db.session.get(Position, cast.position)
        assert (position.filled, position.status) == (5, "full")
    assert outcome == {"ok": 5, "position_full": 55}
    assert hired == 5 and hire_events == 5


def test_req_28_twenty_approvals_of_one_referral_make_one_event(app, cast):
    with app.app_context():
        rid = referrals.propose(db.session.get(User, cast.caseworker),
                                db.session.get(CandidateProfile, cast.candidate),
                                db.session.get(Position, cast.position)).id
        db.session.commit()
    outcome = _race(app, cast.caseworker, [rid] * 20, lambda actor, referral: referrals.transition(
        actor, referral, "approved"))
    with app.app_context():
        events = db.session.scalars(select(ReferralEvent.to_status).where(ReferralEvent.referral_id == rid)).all()
    assert outcome == Counter({"ok": 1, "transition_not_allowed": 19})
    assert events == ["proposed", "approved"]


def test_req_28_twenty_identical_interested_presses_make_one_referral(app, cast):
    def press(actor, _referral):
        referrals.propose(actor, db.session.get(CandidateProfile, cast.candidate),
                          db.session.get(Position, cast.position))

    outcome = _race(app, cast.candidate_user, [0] * 20, press)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1
        assert db.session.scalar(select(func.count()).select_from(ReferralEvent)) == 1
    assert outcome == Counter({"ok": 1, "duplicate": 19})
