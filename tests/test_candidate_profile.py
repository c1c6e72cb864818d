"""The person's profile: what they change, what they only read, and nobody else's record."""
import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import CandidateProfile, Consent, User

from .conftest import PHU_LY, UONG_BI

GOOD = {
    "full_name": "Ngô Văn Lâm", "birth_year": "1990", "gender": "male", "phone": "0912 111 222",
    "province": UONG_BI[0], "ward": UONG_BI[1], "education": "2", "skills": ["welding", "masonry"],
    "experience": "Hai năm phụ hồ", "physical_capacity": "2", "health_notes": "",
    "health_limits": ["no_heights"], "shifts": ["day"],
    "desired_sectors": ["construction"], "wage_expectation": "7000000", "max_commute_km": "15",
    "has_transport": "y", "needs_training": "y",
}


@pytest.fixture
def person(app, make_user, login):
    uid = make_user("candidate")
    login(uid)
    with app.app_context():
        return db.session.get(User, uid).candidate.id


def _profile(app, profile_id) -> CandidateProfile:
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        db.session.expunge(profile)
        return profile


def test_the_person_saves_their_profile(app, client, person):
    response = client.post("/me/profile", data=GOOD)
    assert response.status_code == 302 and response.location.endswith("/me/profile")
    profile = _profile(app, person)
    assert (profile.full_name, profile.birth_year, profile.phone) == ("Ngô Văn Lâm", 1990, "0912111222")
    assert profile.skills == ["welding", "masonry"] and profile.shifts == ["day"]
    assert profile.health_limits == ["no_heights"]
    assert profile.has_transport and profile.needs_training and not profile.needs_loan
    assert (profile.wage_expectation, profile.max_commute_km) == (7_000_000, 15)
    page = client.get("/me/profile").get_data(as_text=True)
    assert 'value="welding" checked' in page and 'value="sewing">' in page


@pytest.mark.parametrize("field,value,message", [
    ("birth_year", "1929", "Hãy nhập một năm từ 1930 đến"),
    ("birth_year", "2024", "Hãy nhập một năm từ 1930 đến"),
    ("phone", "12345", "Nhập số di động"),
    ("ward", str(PHU_LY[1]), "Hãy chọn xã / phường thuộc tỉnh đã chọn"),
    ("ward", "99999", "Hãy chọn xã / phường thuộc tỉnh đã chọn"),
    ("skills", ["flying"], "Chỉ chọn trong danh sách"),
    ("health_limits", ["SENTINEL"], "Chỉ chọn trong danh sách"),
    ("shifts", ["always"], "Chỉ chọn trong danh sách"),
    ("wage_expectation", "-5", "Số phải nằm trong khoảng"),
])
def test_bad_input_is_refused_and_what_was_typed_is_kept(app, client, person, field, value, message):
    before = _profile(app, person)
    response = client.post("/me/profile", data={**GOOD, field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert 'value="Hai năm phụ hồ"' in page or "Hai năm phụ hồ" in page
    after = _profile(app, person)
    assert (after.full_name, after.birth_year, after.skills) == (before.full_name, before.birth_year, before.skills)


def test_the_legal_section_is_shown_but_cannot_be_changed(app, client, person):
    with app.app_context():
        profile = db.session.get(CandidateProfile, person)
        profile.legal_status, profile.offence_category, profile.travel_restricted = "probation", "property", True
        profile.sentence_kind, profile.sentence_months = "prison", 30
        db.session.commit()
    client.post("/me/profile", data={**GOOD, "legal_status": "expunged", "offence_category": "",
                                     "travel_restricted": "", "expungement_date": "2020-01-01",
                                     "self_registered": "", "user_id": "1", "caseworker_id": "1"})
    profile = _profile(app, person)
    assert (profile.legal_status, profile.offence_category, profile.travel_restricted) == ("probation", "property", True)
    assert profile.expungement_date is None and profile.full_name == "Ngô Văn Lâm"
    page = client.get("/me/profile").get_data(as_text=True)
    assert "Tha tù trước thời hạn có điều kiện" in page and "Xâm phạm sở hữu" in page
    assert 'name="legal_status"' not in page and 'name="offence_category"' not in page
    assert 'name="sentence_kind"' not in page


def test_the_person_cannot_reach_anyone_else(app, client, person, make_candidate, make_user):
    other = make_candidate(UONG_BI, full_name="Người Khác", health_notes="SENTINEL-OTHER")
    with app.app_context():
        db.session.add(consent := Consent(candidate_id=other, purpose="profile", notice_version="2026-01"))
        db.session.commit()
        consent_id = consent.id
    assert client.get(f"/casework/candidates/{other}").status_code == 403
    employer = make_user("employer")
    with app.app_context():
        from marketplace.models import Position

        db.session.add(position := Position(employer_id=db.session.get(User, employer).membership.employer_id,
                                            title="Việc", sector="quarry", province_code=UONG_BI[0],
                                            ward_code=UONG_BI[1]))
        db.session.commit()
        position_id = position.id
    # "I'm interested" in someone else's name: not found, and nothing made.
    assert client.post("/referrals/propose", data={"candidate_id": other, "position_id": position_id,
                                                   "next": "/me/"}).status_code == 404
    with app.app_context():
        from marketplace.models import Referral

        assert db.session.scalar(select(Referral)) is None
    assert client.post(f"/me/consents/{consent_id}/withdraw").status_code == 404
    with app.app_context():
        assert db.session.get(Consent, consent_id).withdrawn_at is None
    for url in ("/me/", "/me/profile", "/me/data", "/me/data.json", "/me/consents", "/me/referrals"):
        body = client.get(url).get_data(as_text=True)
        assert "SENTINEL-OTHER" not in body and "Người Khác" not in body, url
