"""The per-worker caches of ranking stay true: what another worker changes reaches this one, a
referral that ends reaches the caseload's index, and the model is loaded as a worker starts."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from marketplace import clock, create_app
from marketplace.extensions import db
from marketplace.models import CandidateProfile, Position, Referral
from marketplace.services import ranking
from marketplace.services.ranking.suggestions import candidate_pool

from .conftest import UONG_BI
from .test_referrals import act, referral_at  # noqa: F401  (fixtures)


@pytest.fixture
def other_worker(app, app_config):
    """A second app on the same database and instance folder: another worker with its own caches."""
    worker = create_app(app_config)
    yield worker
    with worker.app_context():
        db.engine.dispose()


def _row(opened, position_id):
    row = opened.index.row_of(position_id)
    assert row is not None
    return row


def test_an_edited_position_rebuilds_the_index_of_another_worker(app, other_worker, cast):
    with other_worker.app_context():
        before = ranking.open_positions()
        assert before.index.items[_row(before, cast.position)].excluded_offences == frozenset()
    with app.app_context():
        db.session.get(Position, cast.position).excluded_offences = ["drugs"]
        db.session.commit()
    with other_worker.app_context():
        after = ranking.open_positions()
        assert after.index is not before.index
        assert after.index.items[_row(after, cast.position)].excluded_offences == frozenset({"drugs"})
        assert ranking.open_positions() is after  # kept while nothing changes


def test_a_seat_taken_in_another_worker_is_laid_over_its_index_without_a_rebuild(
        app, other_worker, cast, referral_at, make_candidate):  # noqa: F811
    with app.app_context():
        db.session.get(Position, cast.position).seats = 2
        db.session.commit()
    waiting = [make_candidate(UONG_BI, full_name=f"Người chờ {i}") for i in range(7)]
    viewer = make_candidate(UONG_BI, skills=["stone_cutting"])
    with app.app_context():
        db.session.add_all([Referral(candidate_id=w, position_id=cast.position, status="sent") for w in waiting])
        db.session.commit()

    def seats_claimed() -> int:
        (suggestion,) = ranking.suggestions_for(db.session.get(CandidateProfile, viewer))
        return {r.code: r.params for r in suggestion.match.reasons}["few_seats_many_referrals"]["seats"]

    with other_worker.app_context():
        before = ranking.open_positions()
        assert seats_claimed() == 2
    referral_at("hired")  # the employer hires the cast's person, in the first worker
    with other_worker.app_context():
        after = ranking.open_positions()
        assert after.index is before.index  # a hire rebuilds no index
        assert after.seats[_row(after, cast.position)] == 1
        assert seats_claimed() == 1
        assert ranking.open_positions() is after


def test_a_referral_that_ends_reaches_the_cached_caseload(app, cast, make_candidate, make_position):
    """Two alike people; one is declined by the company: the caseload's index must learn it."""
    people = [make_candidate(UONG_BI, skills=["stone_cutting"], full_name=f"Người {i}") for i in range(2)]
    elsewhere = make_position(cast.employer, UONG_BI, title="Thợ đá (đợt trước)", status="closed")
    pool = select(CandidateProfile).where(CandidateProfile.id.in_(people))

    def order() -> list[int]:
        return [r.profile.id for r in ranking.candidates_for(db.session.get(Position, cast.position), pool)]

    with app.app_context():
        referral = Referral(candidate_id=people[0], position_id=elsewhere, status="sent")
        db.session.add(referral)
        db.session.commit()
        assert order() == people  # alike: in id order
        referral.status, referral.decline_reason = "declined", "record"
        db.session.commit()
        assert order() == people[::-1]
        assert candidate_pool(pool).candidates[0].declined_by == frozenset({str(cast.employer)})


def test_a_training_completed_overnight_reaches_the_cached_caseload(app, cast, make_candidate, make_position,
                                                                      monkeypatch):
    person = make_candidate(UONG_BI, skills=["stone_cutting"])
    training = make_position(cast.employer, UONG_BI, kind="training", title="Học nghề khai thác đá",
                             duration_weeks=12, leads_to_position_id=cast.position, status="closed")
    pool = select(CandidateProfile).where(CandidateProfile.id == person)
    started = datetime.now(timezone.utc) - timedelta(weeks=12) + timedelta(hours=12)  # done in 12 hours
    with app.app_context():
        db.session.add(Referral(candidate_id=person, position_id=training, status="left", created_at=started,
                                updated_at=started, hired_at=started))
        db.session.commit()
        assert candidate_pool(pool).candidates[0].completed_training == frozenset()
        tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
        monkeypatch.setattr(clock, "now", lambda: tomorrow)
        monkeypatch.setattr(clock, "today", lambda: (tomorrow + timedelta(hours=7)).date())
        assert candidate_pool(pool).candidates[0].completed_training == frozenset({str(training)})


def test_a_worker_loads_the_serving_model_when_it_starts(app, app_config):
    """Loaded by create_app (each gunicorn worker creates the app), not by its first request."""
    from pathlib import Path

    from matching import Ranker

    folder = Path(app_config["MODELS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    Ranker().save(folder / "ranker-20261101T000000.npz")
    worker = create_app(app_config)
    try:
        path, ranker = worker.extensions["loive.ranker"]
        assert path.name == "ranker-20261101T000000.npz" and isinstance(ranker, Ranker)
    finally:
        with worker.app_context():
            db.engine.dispose()


def test_referral_counts_follow_referrals_proposed_and_ended_in_another_worker(
        app, other_worker, cast, referral_at):  # noqa: F811
    """The counts laid over the index are kept between requests, and re-read after a referral is
    proposed (an ORM insert) or ended (the pipeline's conditional UPDATE) in any worker."""
    def counted() -> int:
        opened = ranking.open_positions()
        return int(opened.live_referrals()[_row(opened, cast.position)])

    with other_worker.app_context():
        index, before = ranking.open_positions().index, counted()
        assert ranking.open_positions().live_referrals() is ranking.open_positions().live_referrals()
    rid = referral_at("proposed")  # in the first worker
    with other_worker.app_context():
        assert counted() == before + 1
    referral_at.step(cast.caseworker, rid, "withdrawn")
    with other_worker.app_context():
        assert counted() == before
        assert ranking.open_positions().index is index  # no rebuild for any of it
