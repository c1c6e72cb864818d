"""Suggestions in the app: reasons in both languages, hard rules, the model's versions."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import CandidateProfile, Consent, Employer, Position, Referral, User
from marketplace.services import ranking

from .conftest import PHU_LY, UONG_BI


@pytest.fixture
def verified_employer(app, make_user, employer_of):
    employer_id = employer_of(make_user("employer"))
    with app.app_context():
        db.session.get(Employer, employer_id).verified_at = datetime.now(timezone.utc)
        db.session.commit()
    return employer_id


@pytest.fixture
def candidate_user(app, make_user):
    uid = make_user("candidate", place=UONG_BI)
    with app.app_context():
        profile = db.session.get(User, uid).candidate
        profile.skills = ["stone_cutting", "driving"]
        profile.desired_sectors = ["quarry"]
        profile.offence_category = "property"
        db.session.commit()
    return uid


def test_the_candidate_sees_suggestions_with_reasons(client, login, candidate_user, verified_employer,
                                                      make_position):
    make_position(verified_employer, UONG_BI, title="Thợ khai thác đá", required_skills=["stone_cutting"],
                  seats=3, housing_provided=True)
    login(candidate_user)
    page = client.get("/me/").get_data(as_text=True)
    assert "Thợ khai thác đá" in page
    assert "Có 1 / 1 kỹ năng cần thiết" in page
    client.post("/language", data={"lang": "en"})
    page = client.get("/me/").get_data(as_text=True)
    assert "Has 1 of the 1 skills needed" in page


def test_hard_rules_keep_positions_out(client, login, candidate_user, verified_employer, make_position,
                                       make_user, employer_of):
    make_position(verified_employer, UONG_BI, title="Thủ kho", excluded_offences=["property"])
    make_position(verified_employer, UONG_BI, title="Đã đủ người", seats=2, filled=2)
    make_position(verified_employer, UONG_BI, title="Đã đóng", status="closed")
    make_position(employer_of(make_user("employer")), UONG_BI, title="Chưa xác minh")
    login(candidate_user)
    page = client.get("/me/").get_data(as_text=True)
    for title in ("Thủ kho", "Đã đủ người", "Đã đóng", "Chưa xác minh"):
        assert title not in page
    assert "Hiện chưa có gợi ý nào" in page


def test_a_travel_restricted_person_gets_nothing_outside_their_province(
        app, client, login, candidate_user, verified_employer, make_position):
    with app.app_context():
        db.session.get(User, candidate_user).candidate.travel_restricted = True
        db.session.commit()
    make_position(verified_employer, PHU_LY, title="Việc ở tỉnh khác")
    login(candidate_user)
    assert "Việc ở tỉnh khác" not in client.get("/me/").get_data(as_text=True)


def test_the_caseworker_sees_suggestions_and_ranked_candidates(
        app, client, login, make_user, candidate_user, verified_employer, make_position):
    position = make_position(verified_employer, UONG_BI, title="Lái xe tải mỏ", required_skills=["driving"])
    with app.app_context():
        profile_id = db.session.get(User, candidate_user).candidate.id
    login(make_user("caseworker", areas=(UONG_BI,)))
    page = client.get(f"/casework/candidates/{profile_id}/referrals").get_data(as_text=True)
    assert "Lái xe tải mỏ" in page and "kỹ năng cần thiết" in page
    page = client.get(f"/casework/positions/{position}").get_data(as_text=True)
    assert "Ứng viên" in page  # the candidate's name starts so in the factory
    assert client.get("/casework/positions").status_code == 200
    assert client.get("/casework/positions/999").status_code == 404


def test_training_uses_only_consented_outcomes(app, candidate_user, verified_employer, make_position,
                                               make_candidate):
    position = make_position(verified_employer, UONG_BI)
    other = make_candidate(UONG_BI)
    with app.app_context():
        mine = db.session.get(User, candidate_user).candidate.id
        db.session.add_all([Referral(candidate_id=mine, position_id=position, status="hired"),
                            Referral(candidate_id=other, position_id=position, status="declined",
                                     decline_reason="skills"),
                            Consent(candidate_id=mine, purpose="model_use", notice_version="2026-01")])
        db.session.commit()
        data = ranking.training_data()
        hired = db.session.scalar(select(Referral).where(Referral.candidate_id == mine))
        assert [(o.candidate_id, o.label) for o in data.outcomes] == [(f"referral-{hired.id}", 1)]
        db.session.get(CandidateProfile, mine).consents[0].withdrawn_at = datetime.now(timezone.utc)
        db.session.commit()
        assert ranking.training_data().outcomes == []


def test_an_expunged_record_never_reaches_the_ranker(app, make_candidate):
    cid = make_candidate(UONG_BI, legal_status="expunged", offence_category="drugs", travel_restricted=True)
    with app.app_context():
        dc = ranking.to_candidate(db.session.get(CandidateProfile, cid))
    assert dc.offence_category is None and dc.travel_restricted is False


def test_the_plan_never_promises_more_people_than_seats(app, client, login, make_user, verified_employer,
                                                       make_position, make_candidate):
    make_position(verified_employer, UONG_BI, title="Hai chỗ", required_skills=["stone_cutting"], seats=2)
    for i in range(5):
        make_candidate(UONG_BI, full_name=f"Người số {i}", skills=["stone_cutting"])
    login(make_user("caseworker", areas=(UONG_BI,)))
    page = client.get("/casework/plan").get_data(as_text=True)
    table = page.split("<table")[1]
    assert table.count("Hai chỗ") == 2
    assert page.count("Người số") == 2


def test_the_wage_reason_rests_on_the_guaranteed_minimum(app, verified_employer, make_position,
                                                         make_candidate):
    pid = make_position(verified_employer, UONG_BI, wage_min=5_000_000, wage_max=9_000_000)
    cid = make_candidate(UONG_BI, wage_expectation=7_000_000)
    with app.app_context():
        from marketplace.models import Position
        dc = ranking.to_position(db.session.get(Position, pid))
        assert dc.wage == 5_000_000
        (suggestion,) = ranking.suggestions_for(db.session.get(CandidateProfile, cid))
        got = {r.code: dict(r.params) for r in suggestion.match.reasons}
    assert "wage_meets_expectation" not in got
    assert got["wage_below_expectation"] == {"wage": 5_000_000, "expected": 7_000_000}


def test_the_app_claims_no_kilometres_it_has_not_measured(app, verified_employer, make_position,
                                                          make_candidate):
    make_position(verified_employer, UONG_BI)
    cid = make_candidate(UONG_BI, max_commute_km=50)
    with app.app_context():
        (suggestion,) = ranking.suggestions_for(db.session.get(CandidateProfile, cid))
    found = {r.code for r in suggestion.match.reasons}
    assert "same_commune" in found
    assert not found & {"distance_km", "within_commute"}


def test_a_seat_filled_after_the_index_was_built_is_not_suggested(app, verified_employer, make_position,
                                                                  make_candidate):
    from sqlalchemy import update

    from marketplace.models import Position
    pid = make_position(verified_employer, UONG_BI, title="Một chỗ", seats=1)
    other = make_position(verified_employer, UONG_BI, title="Còn chỗ", seats=3)
    cid = make_candidate(UONG_BI)
    with app.app_context():
        profile = db.session.get(CandidateProfile, cid)
        assert {s.position.id for s in ranking.suggestions_for(profile)} == {pid, other}
        index = ranking.open_positions()
        # A hire elsewhere takes the seat with a plain UPDATE: the cached index does not know.
        db.session.execute(update(Position).where(Position.id == pid).values(filled=1))
        db.session.commit()
        assert ranking.open_positions() is index
        assert [s.position.id for s in ranking.suggestions_for(profile)] == [other]


def test_an_edited_position_rebuilds_the_index_for_every_worker(app, verified_employer, make_position,
                                                                make_candidate):
    from marketplace.models import Position
    pid = make_position(verified_employer, UONG_BI, title="Thủ kho")
    cid = make_candidate(UONG_BI, offence_category="property")
    with app.app_context():
        profile = db.session.get(CandidateProfile, cid)
        assert [s.position.id for s in ranking.suggestions_for(profile)] == [pid]
        before = ranking.open_positions()
        db.session.get(Position, pid).excluded_offences = ["property"]
        db.session.commit()
        after = ranking.open_positions()
        assert after is not before and after.version != before.version
        assert ranking.suggestions_for(profile) == []
        # The same index serves while nothing changes.
        assert ranking.open_positions() is after


def test_live_referral_counts_are_laid_over_the_cached_index(app, verified_employer, make_position,
                                                            make_candidate):
    pid = make_position(verified_employer, UONG_BI, seats=1)
    cid = make_candidate(UONG_BI)
    others = [make_candidate(UONG_BI) for _ in range(5)]
    with app.app_context():
        profile = db.session.get(CandidateProfile, cid)
        (first,) = ranking.suggestions_for(profile)
        db.session.add_all([Referral(candidate_id=o, position_id=pid, status="sent") for o in others])
        db.session.commit()
        (second,) = ranking.suggestions_for(profile)
    assert "few_seats_many_referrals" in {r.code for r in second.match.reasons}
    assert second.match.score < first.match.score


def test_training_sees_the_person_as_they_were_when_referred(app, cast):
    """A profile edited after a hire must not feed the outcome back into its own features."""
    from marketplace.services import referrals as referral_service

    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        profile.experience = "Phụ xe, bị án vì ma túy năm 2019"
        db.session.add(Consent(candidate_id=profile.id, purpose="model_use", notice_version="2026-01"))
        referral = referral_service.propose(db.session.get(User, cast.caseworker), profile,
                                            db.session.get(Position, cast.position))
        db.session.commit()
        assert referral.candidate_features["skills"] == ["stone_cutting"]
        assert "ma túy" not in referral.candidate_features["text"]  # protected terms never stored
        referral.status = "hired"
        profile.skills = ["stone_cutting", "forklift", "welding"]  # learned on the job, after the hire
        profile.education = 6
        db.session.commit()
        [candidate] = ranking.training_data().candidates
        assert candidate.id == f"referral-{referral.id}"
        assert candidate.skills == frozenset({"stone_cutting"}) and candidate.education != 6
        # eligibility still reads today's profile; a referral without a snapshot reads it all
        referral.candidate_features = None
        db.session.commit()
        [candidate] = ranking.training_data().candidates
        assert candidate.skills == frozenset({"stone_cutting", "forklift", "welding"})


# --- a person's own history, and training that leads to a job (issue 14, item 1) ----------------

@pytest.fixture
def three_quarry_jobs(app, verified_employer, make_position):
    """Three alike jobs at the same company, and a (now closed) training that leads to the second."""
    jobs = [make_position(verified_employer, UONG_BI, title="Thợ khai thác đá", required_skills=["stone_cutting"],
                          seats=3) for _ in range(3)]
    training = make_position(verified_employer, UONG_BI, title="Học nghề khai thác đá", kind="training",
                             duration_weeks=12, leads_to_position_id=jobs[1], status="closed")
    return jobs, training


def _referral(candidate_id, position_id, status, weeks_ago, **fields):
    from datetime import timedelta

    when = datetime.now(timezone.utc) - timedelta(weeks=weeks_ago)
    return Referral(candidate_id=candidate_id, position_id=position_id, status=status, created_at=when,
                    updated_at=when, hired_at=when if status in ("hired", "left") else None, **fields)


def test_a_person_who_completed_a_training_is_suggested_the_job_it_leads_to_first(app, candidate_user,
                                                                                 three_quarry_jobs):
    from datetime import timedelta

    jobs, training = three_quarry_jobs
    with app.app_context():
        profile = db.session.get(User, candidate_user).candidate
        before = [s.position.id for s in ranking.suggestions_for(profile)]
        assert before[0] != jobs[1]
        # started 20 weeks ago, a 12-week course, left 6 weeks ago: completed
        db.session.add(_referral(profile.id, training, "left", 20,
                                 left_on=(datetime.now(timezone.utc) - timedelta(weeks=6)).date()))
        db.session.commit()
        assert ranking.to_candidate(profile).completed_training == frozenset({str(training)})
        assert [s.position.id for s in ranking.suggestions_for(profile)][0] == jobs[1]


def test_a_training_left_before_its_end_is_not_completed(app, candidate_user, three_quarry_jobs):
    from datetime import timedelta

    jobs, training = three_quarry_jobs
    with app.app_context():
        profile = db.session.get(User, candidate_user).candidate
        db.session.add(_referral(profile.id, training, "left", 20,
                                 left_on=(datetime.now(timezone.utc) - timedelta(weeks=16)).date()))
        db.session.commit()
        candidate = ranking.to_candidate(profile)
    assert candidate.completed_training == frozenset()
    assert candidate.hired_by == frozenset({str(db_employer_of(app, training))})


def db_employer_of(app, position_id):
    with app.app_context():
        return db.session.get(Position, position_id).employer_id


def test_a_company_that_declined_the_person_is_their_history_and_ranks_lower(app, candidate_user, make_user,
                                                                             employer_of, make_position):
    employers = []
    for _ in range(2):
        eid = employer_of(make_user("employer"))
        with app.app_context():
            db.session.get(Employer, eid).verified_at = datetime.now(timezone.utc)
            db.session.commit()
        employers.append(eid)
    first, other = (make_position(e, UONG_BI, title="Thợ khai thác đá", required_skills=["stone_cutting"], seats=3)
                    for e in employers)
    old = make_position(employers[0], UONG_BI, title="Thợ khai thác đá", status="closed")
    with app.app_context():
        profile = db.session.get(User, candidate_user).candidate
        order = [s.position.id for s in ranking.suggestions_for(profile)]
        db.session.add(_referral(profile.id, old, "declined", 10, decline_reason="record"))
        db.session.commit()
        assert ranking.to_candidate(profile).declined_by == frozenset({str(employers[0])})
        after = [s.position.id for s in ranking.suggestions_for(profile)]
    assert order.index(first) < order.index(other)  # tied, in id order, before the history
    assert after.index(other) < after.index(first)


def test_a_referral_learns_from_the_history_as_it_stood_when_it_was_made(app, candidate_user, three_quarry_jobs):
    jobs, training = three_quarry_jobs
    with app.app_context():
        profile = db.session.get(User, candidate_user).candidate
        earlier = _referral(profile.id, jobs[0], "declined", 30, decline_reason="skills")
        referral = _referral(profile.id, jobs[2], "hired", 20)
        later = _referral(profile.id, jobs[1], "declined", 10, decline_reason="other")
        db.session.add_all([earlier, referral, later])
        db.session.commit()
        employer = str(db.session.get(Position, jobs[0]).employer_id)
        assert ranking.as_referred(earlier).declined_by == frozenset()
        assert ranking.as_referred(referral).declined_by == frozenset({employer})
        assert ranking.as_referred(referral).hired_by == frozenset()  # not its own outcome
        assert ranking.as_referred(later).hired_by == frozenset({employer})


def test_positions_carry_the_trainings_that_lead_to_them(app, three_quarry_jobs):
    jobs, training = three_quarry_jobs
    with app.app_context():
        rows = {p.id: p for p in db.session.scalars(ranking.open_positions_query())}
        assert ranking.to_position(rows[jobs[1]]).trained_by == frozenset({str(training)})
        assert ranking.to_position(db.session.get(Position, training)).linked_position_id == jobs[1]
        assert ranking.to_position(rows[jobs[0]]).trained_by == frozenset()


def test_histories_of_many_people_are_read_in_batches(app, three_quarry_jobs, make_candidate, monkeypatch):
    from marketplace.services.ranking import adapters

    jobs, _ = three_quarry_jobs
    people = [make_candidate(UONG_BI, skills=["stone_cutting"], full_name=f"Người {i}") for i in range(3)]
    monkeypatch.setattr(adapters, "HISTORY_BATCH", 2)
    with app.app_context():
        for person, job in zip(people, jobs):
            db.session.add(_referral(person, job, "declined", 4, decline_reason="skills"))
        db.session.commit()
        profiles = [db.session.get(CandidateProfile, p) for p in people]
        employer = str(db.session.get(Position, jobs[0]).employer_id)
        assert [c.declined_by for c in ranking.to_candidates(profiles)] == [frozenset({employer})] * 3
