"""From a suggestion to "My referrals": "I'm interested" once, a step tracker with local dates,
the caseworker's name and phone, the consent asked per company, and withdrawing."""
from datetime import date

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Position, Referral, User
from marketplace.services import referrals
from marketplace.services.referrals import StepInput


def _count(app, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(Referral)
        for name, value in where.items():
            query = query.where(getattr(Referral, name) == value)
        return db.session.scalar(query)


def test_the_card_carries_i_m_interested_and_a_double_tap_makes_one_referral(app, client, cast, login):
    login(cast.candidate_user)
    page = client.get("/me/").get_data(as_text=True)
    assert 'action="/referrals/propose"' in page and "Tôi quan tâm" in page
    data = {"candidate_id": cast.candidate, "position_id": cast.position, "next": "/me/referrals"}
    first, second = client.post("/referrals/propose", data=data), client.post("/referrals/propose", data=data)
    assert first.location.endswith("/me/referrals") and second.location.endswith("/me/referrals")
    assert _count(app) == 1 and _count(app, status="proposed", candidate_id=cast.candidate) == 1
    # Now in progress, it leaves the suggestions.
    assert "Công nhân khai thác đá" not in client.get("/me/").get_data(as_text=True)


def test_my_referrals_show_the_steps_with_local_dates_and_the_caseworker(app, client, cast, login, give_consent):
    with app.app_context():
        caseworker = db.session.get(User, cast.caseworker)
        caseworker.phone = "0203123456"
        person = db.session.get(User, cast.candidate_user)
        referral = referrals.propose(person, person.candidate, db.session.get(Position, cast.position))
        referrals.transition(caseworker, referral, "approved")
        db.session.commit()
        name = caseworker.full_name
    give_consent(cast.candidate, cast.employer)
    with app.app_context():
        caseworker = db.session.get(User, cast.caseworker)
        referral = db.session.scalar(select(Referral))
        referrals.transition(caseworker, referral, "sent")
        employer = db.session.get(User, cast.employer_user)
        referrals.transition(employer, referral, "interview", StepInput(on=date(2026, 12, 18)))
        db.session.commit()
    login(cast.candidate_user)
    page = client.get("/me/referrals").get_data(as_text=True)
    assert "18/12/2026" in page and "2026-12-18" not in page
    assert name in page and 'href="tel:0203123456"' in page
    assert "Rút lại" in page  # the person may withdraw


def test_the_company_consent_is_asked_on_the_referral_listing_what_it_will_see(app, client, cast, login):
    login(cast.candidate_user)
    client.post("/referrals/propose", data={"candidate_id": cast.candidate, "position_id": cast.position,
                                            "next": "/me/referrals"})
    page = client.get("/me/referrals").get_data(as_text=True)
    assert "cần bạn đồng ý" in page and "họ tên, số điện thoại, kỹ năng" in page
    response = client.post("/me/consents", data={"purpose": "employer", "employer_id": cast.employer,
                                                 "next": "/me/referrals"})
    assert response.location.endswith("/me/referrals")
    assert "cần bạn đồng ý" not in client.get("/me/referrals").get_data(as_text=True)
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referrals.has_employer_consent(referral)


def test_the_person_withdraws_their_referral(app, client, cast, login):
    login(cast.candidate_user)
    client.post("/referrals/propose", data={"candidate_id": cast.candidate, "position_id": cast.position,
                                            "next": "/me/referrals"})
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id))
    client.post(f"/referrals/{referral_id}/step", data={"to": "withdrawn", "next": "/me/referrals"})
    assert _count(app, status="withdrawn") == 1


def test_an_ended_referral_says_what_happens_next_in_kind_words(app, client, cast, login, give_consent):
    give_consent(cast.candidate, cast.employer)
    with app.app_context():
        person = db.session.get(User, cast.candidate_user)
        referral = referrals.propose(person, person.candidate, db.session.get(Position, cast.position))
        caseworker = db.session.get(User, cast.caseworker)
        referrals.transition(caseworker, referral, "approved")
        referrals.transition(caseworker, referral, "sent")
        referrals.transition(db.session.get(User, cast.employer_user), referral, "declined",
                             StepInput(reason="distance"))
        db.session.commit()
    login(cast.candidate_user)
    page = client.get("/me/referrals").get_data(as_text=True)
    assert "Nơi làm quá xa. Hãy ghi trong hồ sơ bạn đi được bao xa." in page
    assert 'href="/me/profile">Cập nhật hồ sơ' in page
