"""The consent centre: separate choices, never pre-ticked, each withdrawable with effect on the
next request; a self-registered profile is invisible to caseworkers until the person agrees."""
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Consent, Referral, User
from marketplace.services import consents

from .conftest import PASSWORD, UONG_BI

PERSON = {"full_name": "Trịnh Văn Hải", "phone": "0966 123 456", "province": UONG_BI[0],
          "ward": UONG_BI[1], "password": PASSWORD, "confirm": PASSWORD}


def _profile_id(app, phone="0966123456") -> int:
    with app.app_context():
        return db.session.scalar(select(User).where(User.phone == phone)).candidate.id


def _consent_ids(app, profile_id, purpose, employer_id=None):
    with app.app_context():
        return [c.id for c in db.session.scalars(select(Consent).where(
            Consent.candidate_id == profile_id, Consent.purpose == purpose,
            Consent.employer_id == employer_id if employer_id else Consent.employer_id.is_(None),
            Consent.withdrawn_at.is_(None)))]


def test_a_self_registered_profile_is_invisible_to_caseworkers_until_consent(app, client, sign_up, make_user,
                                                                              client_as):
    sign_up(PERSON)
    profile_id = _profile_id(app)
    caseworker = client_as(make_user("caseworker", areas=(UONG_BI,)))
    assert "Trịnh Văn Hải" not in caseworker.get("/casework/").get_data(as_text=True)
    assert caseworker.get(f"/casework/candidates/{profile_id}").status_code == 404
    assert "Hiện chưa cán bộ nào xem được hồ sơ" in client.get("/me/").get_data(as_text=True)

    client.post("/me/consents", data={"purpose": "profile"})
    assert "Trịnh Văn Hải" in caseworker.get("/casework/").get_data(as_text=True)
    assert caseworker.get(f"/casework/candidates/{profile_id}").status_code == 200

    client.post(f"/me/consents/{_consent_ids(app, profile_id, 'profile')[0]}/withdraw")
    assert caseworker.get(f"/casework/candidates/{profile_id}").status_code == 404


def test_profiles_made_by_a_caseworker_are_in_care_without_that_consent(app, make_user, make_candidate, login, client):
    made = make_candidate(UONG_BI, full_name="Hồ Văn Minh")
    login(make_user("caseworker", areas=(UONG_BI,)))
    assert client.get(f"/casework/candidates/{made}").status_code == 200


def test_req_22_no_choice_is_pre_ticked_and_each_says_what_it_does(app, client, sign_up):
    sign_up(PERSON)
    page = client.get("/me/consents").get_data(as_text=True)
    assert page.count("Tôi đồng ý") == 3 and "Đã đồng ý" not in page and "checked" not in page
    assert "Nếu không đồng ý, không cán bộ nào xem được hồ sơ của bạn" in page


def test_req_22_a_decision_is_stored_with_time_notice_version_and_who_recorded_it(app, client, sign_up):
    sign_up(PERSON)
    client.post("/me/consents", data={"purpose": "model_use"})
    client.post("/me/consents", data={"purpose": "model_use"})  # a double tap: one decision
    profile_id = _profile_id(app)
    with app.app_context():
        rows = db.session.scalars(select(Consent).where(Consent.candidate_id == profile_id)).all()
        assert len(rows) == 1
        consent = rows[0]
        assert consent.purpose == "model_use" and consent.notice_version == "2026-01"
        assert consent.recorded_by_id == db.session.get(User, consent.candidate.user_id).id
        assert consent.created_at is not None and consent.reference is None
    page = client.get("/me/consents").get_data(as_text=True)
    assert "Đã đồng ý ngày" in page and "do bạn chọn trong ứng dụng" in page


def test_a_company_is_chosen_only_among_those_referred_to(app, client, cast, login):
    login(cast.candidate_user)
    assert client.post("/me/consents", data={"purpose": "employer", "employer_id": cast.employer}).status_code == 404
    assert client.post("/me/consents", data={"purpose": "banana"}).status_code == 404
    assert _consent_ids(app, cast.candidate, "employer", cast.employer) == []


def test_req_13_withdrawing_the_company_consent_hides_the_profile_on_the_next_request(app, client, cast, login):
    with app.app_context():
        db.session.add(Referral(candidate_id=cast.candidate, position_id=cast.position, status="sent"))
        db.session.commit()
        company = db.session.get(Referral, 1).position.employer.name
    login(cast.candidate_user)
    page = client.get("/me/consents").get_data(as_text=True)
    assert company in page and "Chia sẻ hồ sơ của tôi với công ty này" in page
    client.post("/me/consents", data={"purpose": "employer", "employer_id": cast.employer})
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert consents.employer_view(referral).fields["full_name"]
    [consent_id] = _consent_ids(app, cast.candidate, "employer", cast.employer)
    client.post(f"/me/consents/{consent_id}/withdraw")
    with app.app_context():  # the employer's next request
        view = consents.employer_view(db.session.scalar(select(Referral)))
        assert not view.shared and view.fields == {}
    page = client.get("/me/consents").get_data(as_text=True)
    assert "đã rút lại ngày" in page


def test_no_caseworker_is_told_about_a_person_who_has_not_agreed(app, client, sign_up, cast):
    from marketplace.models import Notification

    sign_up(PERSON)
    profile_id = _profile_id(app)
    data = {"candidate_id": profile_id, "position_id": cast.position, "next": "/me/referrals"}
    with app.app_context():
        db.session.get(User, db.session.scalar(select(User.id).where(User.phone == "0966123456"))).candidate.skills = ["stone_cutting"]
        db.session.commit()
    client.post("/referrals/propose", data=data)
    client.post("/me/data", data={"kind": "correct", "body": "Tên tôi viết sai dấu."})
    with app.app_context():
        assert db.session.scalar(select(Referral).where(Referral.candidate_id == profile_id)) is not None
        assert db.session.scalars(select(Notification.recipient_id)).all() == []
    client.post("/me/consents", data={"purpose": "profile"})
    client.post("/me/data", data={"kind": "correct", "body": "Tên tôi viết sai dấu."})
    with app.app_context():
        assert db.session.scalars(select(Notification.recipient_id)).all() == [cast.caseworker]
