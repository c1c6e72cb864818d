"""Suggestions in the app: reasons in both languages, hard rules, the model's versions."""
from datetime import datetime, timezone

import pytest

from marketplace.extensions import db
from marketplace.models import CandidateProfile, Consent, Employer, Referral, User
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
        assert [(o.candidate_id, o.label) for o in data.outcomes] == [(mine, 1)]
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
    assert page.count("Hai chỗ") == 2
    assert page.count("Người số") == 2
