"""Claiming the profile a caseworker made, with the one-time code printed on a slip."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CandidateProfile, LoginCounter, User
from marketplace.services import claims

from .conftest import PHU_LY, UONG_BI

PHONE = "0978123456"
NEW_PASSWORD = "tôi đã trở về nhà"


@pytest.fixture
def slip(app, make_user, make_candidate):
    """A profile made by the Uông Bí caseworker, with a printed code; returns (profile id, code)."""
    caseworker = make_user("caseworker", areas=(UONG_BI,))
    profile_id = make_candidate(UONG_BI, full_name="Đỗ Văn Tâm", phone=PHONE)
    with app.app_context():
        code = claims.issue_claim_code(db.session.get(User, caseworker), db.session.get(CandidateProfile, profile_id))
        db.session.commit()
    return profile_id, code


def _claim(client, code, phone=PHONE, **extra):
    return client.post("/claim", data={"phone": phone, "code": code, "password": NEW_PASSWORD,
                                       "confirm": NEW_PASSWORD, **extra})


def _failures(app) -> int:
    """Tries counted against the numbers claimed from this address (a right code gives its back)."""
    with app.app_context():
        return db.session.scalar(select(func.coalesce(func.sum(LoginCounter.count), 0))
                                 .where(LoginCounter.key.like("pair:claim:%")))


def test_a_code_has_8_characters_without_look_alikes_and_is_stored_hashed(app, slip):
    profile_id, code = slip
    assert len(code) == 8 and set(code) <= set(claims.ALPHABET)
    assert not set("01ILO") & set(claims.ALPHABET)
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        assert code not in profile.claim_code_hash
        expires = profile.claim_code_expires_at.replace(tzinfo=None)
        assert abs(expires - (clock.now() + timedelta(days=7)).replace(tzinfo=None)) < timedelta(minutes=1)


def test_a_valid_code_makes_the_profile_theirs(app, client, slip):
    profile_id, code = slip
    response = _claim(client, claims.format_code(code).lower())  # as copied: dash, small letters
    assert response.status_code == 302 and response.location.endswith("/me/")
    assert "Đỗ Văn Tâm" in client.get("/me/").get_data(as_text=True)
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        assert profile.user.phone == PHONE and profile.claim_code_hash is None
        assert not profile.self_registered
    client.post("/logout")
    assert client.post("/login", data={"login": PHONE, "password": NEW_PASSWORD}).status_code == 302


def test_a_used_code_cannot_be_used_again(app, slip):
    _profile_id, code = slip
    assert _claim(app.test_client(), code).status_code == 302
    response = _claim(app.test_client(), code)
    assert response.status_code == 200 and "đã được dùng" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.phone == PHONE)) == 1


def test_an_expired_code_says_so_and_counts(app, client, slip):
    profile_id, code = slip
    with app.app_context():
        db.session.execute(update(CandidateProfile).values(claim_code_expires_at=clock.now() - timedelta(minutes=1)))
        db.session.commit()
    page = _claim(client, code).get_data(as_text=True)
    assert "Mã này đã hết hạn" in page
    assert _failures(app) == 1
    with app.app_context():
        assert db.session.get(CandidateProfile, profile_id).user_id is None


def test_a_wrong_code_or_another_number_is_refused_and_counts(app, client, slip):
    _profile_id, code = slip
    assert "Mã không đúng" in _claim(client, "ABCD-EFGH").get_data(as_text=True)
    assert "Mã không đúng" in _claim(client, code, phone="0978000000").get_data(as_text=True)
    assert _failures(app) == 2


def test_after_five_failures_even_the_right_code_waits(app, client, slip):
    _profile_id, code = slip
    for _ in range(5):
        _claim(client, "ABCD-EFGH")
    response = _claim(client, code)
    assert response.status_code == 429
    with app.app_context():
        assert db.session.scalar(select(User).where(User.phone == PHONE)) is None


def test_bad_input_is_explained_and_kept(client):
    page = _claim(client, "abc", phone="12").get_data(as_text=True)
    assert "Mã gồm 8 chữ cái" in page and "Nhập số di động" in page
    assert 'value="12"' in page


def test_only_a_caseworker_of_the_commune_may_issue_a_code(app, make_user, make_candidate):
    profile_id = make_candidate(UONG_BI)
    other = make_user("caseworker", areas=(PHU_LY,))
    person = make_user("candidate")
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        for actor in (other, person):
            with pytest.raises(claims.NotAllowed):
                claims.issue_claim_code(db.session.get(User, actor), profile)
        with pytest.raises(claims.AlreadyClaimed):
            claims.issue_claim_code(db.session.get(User, make_user("admin")), db.session.get(User, person).candidate)


def test_a_caseworker_makes_a_profile_prints_the_slip_and_the_person_claims_it(app, client, make_user, login):
    """Issue 9's profile on behalf, through the pages, claimed with issue 8's claim page."""
    import re

    login(make_user("caseworker", areas=(UONG_BI,)))
    made = client.post("/casework/candidates/new", data={
        "full_name": "Hà Văn Sơn", "birth_year": "1987", "gender": "male", "ward": UONG_BI[1],
        "phone": PHONE, "address_line": ""})
    assert made.status_code == 302
    with app.app_context():
        profile_id = db.session.scalar(select(CandidateProfile.id).where(CandidateProfile.full_name == "Hà Văn Sơn"))
    slip_page = client.post(f"/casework/candidates/{profile_id}/claim-code").get_data(as_text=True)
    code = "".join(re.search(r'class="slip-code"[^>]*>(\w{4}) (\w{4})<', slip_page).groups())
    client.post("/logout")
    assert _claim(client, f"{code[:4]}-{code[4:]}".lower()).status_code == 302
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        assert profile.user is not None and profile.user.phone == PHONE and profile.claim_code_hash is None
    client.post("/logout")
    assert client.post("/login", data={"login": PHONE, "password": NEW_PASSWORD}).status_code == 302
    assert "Hà Văn Sơn" in client.get("/me/").get_data(as_text=True)
