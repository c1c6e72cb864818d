"""The per-worker caches of ranking stay true: a referral that ends reaches the caseload's index."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CandidateProfile, Position, Referral
from marketplace.services import ranking
from marketplace.services.ranking.suggestions import candidate_pool

from .conftest import UONG_BI


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
