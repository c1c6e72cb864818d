"""A company's whole way through the pages: registered, verified, posting a job and a training
seat that leads to it, receiving a referral, interviewing, hiring, answering the 30-day check;
and suspended, which hides its positions and puts its referrals on hold."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import (
    AuditEvent, CandidateProfile, Employer, EmployerDecision, Notification, Position, Referral,
    RetentionCheck, User,
)
from marketplace.services import ranking, referrals
from marketplace.services.referrals import StepInput

from .conftest import PASSWORD, PHU_LY, UONG_BI

COMPANY = {
    "company": "Công ty CP Đá Kiện Khê", "sector": "quarry", "tax_code": "0700123456",
    "address_line": "Thôn 3", "province": UONG_BI[0], "ward": UONG_BI[1], "full_name": "Đỗ Văn Nam",
    "login": "tuyendung@dakienkhe.vn", "password": PASSWORD, "confirm": PASSWORD,
}


def job_form(**changes) -> dict:
    data = {"kind": "job", "title": "Công nhân khai thác đá", "sector": "quarry",
            "description": "Khai thác, xếp đá tại mỏ.", "required_skills": ["stone_cutting"],
            "min_education": "1", "physical_demand": "2", "shift": "day", "wage_min": "7000000",
            "wage_max": "9000000", "seats": "3", "province": str(UONG_BI[0]), "ward": str(UONG_BI[1]),
            "housing_provided": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _one(app, model, *where):
    with app.app_context():
        found = db.session.scalar(select(model).where(*where))
        db.session.expunge(found)
        return found


def _suggested(app, candidate_id: int) -> set[int]:
    with app.app_context():
        return {s.position.id for s in ranking.suggestions_for(db.session.get(CandidateProfile, candidate_id))}


def test_register_verify_post_refer_interview_hire_and_check(app, client, make_user, make_candidate,
                                                             give_consent, as_user):
    assert client.post("/register/employer", data=COMPANY).status_code == 302
    employer = _one(app, Employer, Employer.tax_code == "0700123456")
    owner = _one(app, User, User.email == COMPANY["login"])

    # Before verification: a draft can be prepared but not published.
    created = client.post("/employer/positions/new", data=job_form())
    job = _one(app, Position, Position.employer_id == employer.id)
    assert created.location.endswith(f"/employer/positions/{job.id}") and job.status == "draft"
    refused = client.post(f"/employer/positions/{job.id}/publish", follow_redirects=True)
    assert "chưa được xác minh" in refused.get_data(as_text=True)
    assert _one(app, Position, Position.id == job.id).status == "draft"

    admin = make_user("admin")
    as_user(admin).post(f"/verification/{employer.id}/verify")
    assert _one(app, Employer, Employer.id == employer.id).verified

    as_user(owner.id).post(f"/employer/positions/{job.id}/publish")
    assert _one(app, Position, Position.id == job.id).status == "open"
    training = client.post("/employer/positions/new", data=job_form(
        kind="training", title="Học nghề khai thác đá", wage_min="0", wage_max="2000000", seats="10",
        duration_weeks="12", certificate="Sơ cấp nghề khai thác đá", leads_to_position_id=str(job.id),
        required_skills=[]))
    seat = _one(app, Position, Position.kind == "training")
    assert training.status_code == 302 and seat.leads_to_position_id == job.id
    client.post(f"/employer/positions/{seat.id}/publish")
    page = client.get(f"/positions/{seat.id}").get_data(as_text=True)
    assert "Công nhân khai thác đá" in page and "12 tuần" in page
    assert "Học nghề khai thác đá" in client.get(f"/positions/{job.id}").get_data(as_text=True)

    # A caseworker sends a person, who consented to share their profile with the company.
    caseworker = make_user("caseworker", areas=(UONG_BI,))
    person = make_candidate(UONG_BI, full_name="Nguyễn Văn Hùng", skills=["stone_cutting"])
    assert job.id in _suggested(app, person)
    give_consent(person, employer.id)
    with app.app_context():
        actor = db.session.get(User, caseworker)
        rid = referrals.propose(actor, db.session.get(CandidateProfile, person), db.session.get(Position, job.id)).id
        for target in ("approved", "sent"):
            referrals.transition(actor, db.session.get(Referral, rid), target)
        db.session.commit()

    as_user(owner.id)
    home = client.get("/employer/").get_data(as_text=True)
    assert 'href="/employer/referrals/waiting"><strong>1</strong>' in home
    assert "Nguyễn Văn Hùng" in client.get(f"/employer/positions/{job.id}").get_data(as_text=True)
    today = clock.today()
    client.post(f"/referrals/{rid}/step", data={"to": "interview", "on": today.isoformat(), "next": "/employer/"})
    assert _one(app, Referral, Referral.id == rid).status == "interview"
    start = today - timedelta(days=31)
    client.post(f"/referrals/{rid}/step", data={"to": "hired", "on": start.isoformat(), "next": "/employer/"})
    hired = _one(app, Referral, Referral.id == rid)
    assert hired.status == "hired" and hired.start_on == start
    assert _one(app, Position, Position.id == job.id).filled == 1

    assert 'href="/employer/referrals/checks"><strong>1</strong>' in client.get("/employer/").get_data(as_text=True)
    position_page = client.get(f"/employer/positions/{job.id}").get_data(as_text=True)
    assert f'action="/referrals/{rid}/retention"' in position_page
    client.post(f"/referrals/{rid}/retention", data={"day": "30", "retained": "yes", "next": "/employer/"})
    check = _one(app, RetentionCheck, RetentionCheck.referral_id == rid, RetentionCheck.day == 30)
    assert check.retained is True
    assert 'href="/employer/referrals/checks"><strong>0</strong>' in client.get("/employer/").get_data(as_text=True)


@pytest.fixture
def sent(app, cast, give_consent):
    """The cast's person sent to the cast's 5-seat job (a verified company)."""
    give_consent(cast.candidate, cast.employer)
    with app.app_context():
        actor = db.session.get(User, cast.caseworker)
        rid = referrals.propose(actor, db.session.get(CandidateProfile, cast.candidate),
                                db.session.get(Position, cast.position)).id
        for target in ("approved", "sent"):
            referrals.transition(actor, db.session.get(Referral, rid), target)
        db.session.commit()
    return rid


def test_suspension_hides_the_positions_at_once_and_puts_referrals_on_hold(app, cast, sent, make_candidate,
                                                                          as_user, client):
    other = make_candidate(UONG_BI, skills=["stone_cutting"])
    assert cast.position in _suggested(app, other)
    as_user(cast.admin)
    empty = client.post(f"/verification/{cast.employer}/suspend", data={"reason": ""})
    assert "Hãy ghi lý do" in empty.get_data(as_text=True)
    assert _one(app, Employer, Employer.id == cast.employer).suspended_at is None
    client.post(f"/verification/{cast.employer}/suspend", data={"reason": "Phản ánh về an toàn lao động"})

    assert cast.position not in _suggested(app, other)
    with app.app_context():
        employer = db.session.get(Employer, cast.employer)
        assert employer.state == "suspended"
        decision = db.session.scalar(select(EmployerDecision).where(EmployerDecision.employer_id == cast.employer))
        assert decision.kind == "suspended" and decision.actor_id == cast.admin
        assert "Phản ánh" in decision.reason
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "employer_suspend"))
        assert audit.user_id == cast.admin and audit.subject_id == cast.employer
        told = db.session.scalars(select(Notification).where(Notification.recipient_id == cast.caseworker,
                                                             Notification.template == "referral_on_hold")).all()
        assert len(told) == 1 and told[0].referral_id == sent

    as_user(cast.employer_user)
    answer = client.post(f"/referrals/{sent}/step", data={
        "to": "interview", "on": clock.today().isoformat(), "next": "/employer/"}, follow_redirects=True)
    assert "tạm dừng" in answer.get_data(as_text=True)
    assert _one(app, Referral, Referral.id == sent).status == "sent"
    assert "Đang tạm dừng" in client.get(f"/employer/positions/{cast.position}").get_data(as_text=True)
    copy = client.post(f"/employer/positions/{cast.position}/duplicate")
    copy_id = int(copy.location.rstrip("/").split("/")[-2])
    refused = client.post(f"/employer/positions/{copy_id}/publish", follow_redirects=True)
    assert "không thể đăng" in refused.get_data(as_text=True)
    assert _one(app, Position, Position.id == copy_id).status == "draft"

    # Withdrawing stays possible, so the person can move on.
    with app.app_context():
        referrals.transition(db.session.get(User, cast.caseworker), db.session.get(Referral, sent), "withdrawn")
        db.session.commit()
    assert _one(app, Referral, Referral.id == sent).status == "withdrawn"

    as_user(cast.admin).post(f"/verification/{cast.employer}/reinstate", data={"reason": ""})
    assert cast.position in _suggested(app, other)


def test_the_pipeline_refuses_steps_of_a_suspended_company_with_a_clear_message(app, cast, sent):
    with app.app_context():
        db.session.get(Employer, cast.employer).suspended_at = clock.now()
        db.session.commit()
        with pytest.raises(referrals.OnHold) as refused:
            referrals.transition(db.session.get(User, cast.employer_user), db.session.get(Referral, sent),
                                 "hired", StepInput(on=clock.today()))
        assert refused.value.code == "on_hold" and "tạm dừng" in str(refused.value.message)
        assert db.session.get(Referral, sent).status == "sent"
        assert db.session.get(Position, cast.position).filled == 0


def test_a_position_not_yet_open_or_past_closing_is_not_suggested(app, cast, make_candidate, make_position):
    person = make_candidate(UONG_BI, skills=["stone_cutting"])
    later = make_position(cast.employer, UONG_BI, opens_on=clock.today() + timedelta(days=3),
                          required_skills=["stone_cutting"])
    past = make_position(cast.employer, UONG_BI, closes_on=clock.today() - timedelta(days=1),
                         required_skills=["stone_cutting"])
    shown = _suggested(app, person)
    assert cast.position in shown and later not in shown and past not in shown


def test_a_caseworker_verifies_companies_of_their_province_only(app, client, make_user, employer_of, as_user):
    here = employer_of(make_user("employer", place=UONG_BI))
    there = employer_of(make_user("employer", place=PHU_LY))
    as_user(make_user("caseworker", areas=(UONG_BI,)))
    listing = client.get("/verification/").get_data(as_text=True)
    assert f"/verification/{here}" in listing and f"/verification/{there}" not in listing
    assert client.get(f"/verification/{there}").status_code == 404
    assert client.post(f"/verification/{there}/verify").status_code == 404
    client.post(f"/verification/{here}/refuse", data={"reason": "Mã số thuế không khớp giấy phép"})
    history = client.get(f"/verification/{here}").get_data(as_text=True)
    assert "Từ chối" in history and "không khớp giấy phép" in history and "Cán bộ" in history
    with app.app_context():
        refused = db.session.get(Employer, here)
        assert refused.state == "refused" and "không khớp" in refused.refusal_reason
        assert db.session.get(Employer, there).state == "awaiting"


def test_a_new_name_sends_a_verified_company_back_to_verification(app, cast, as_user, client):
    as_user(cast.employer_user)
    form = client.get("/employer/company").get_data(as_text=True)
    assert 'name="tax_code"' in form
    with app.app_context():
        employer = db.session.get(Employer, cast.employer)
        data = {"name": "Công ty Đá Mới", "tax_code": employer.tax_code, "sector": "quarry",
                "province": employer.province_code, "ward": employer.ward_code, "contact_name": "Chị Lan",
                "contact_phone": "0912 345 678", "record_question_stage": "never",
                "fair_chance_statement": "Chúng tôi tin vào cơ hội thứ hai."}
    assert client.post("/employer/company", data=data).status_code == 302
    with app.app_context():
        employer = db.session.get(Employer, cast.employer)
        assert employer.state == "awaiting" and employer.contact_phone == "0912345678"
        assert db.session.scalar(select(func.count()).select_from(EmployerDecision)
                                 .where(EmployerDecision.kind == "resubmitted")) == 1
    with app.app_context():
        open_now = db.session.scalar(ranking.open_positions_query().where(Position.id == cast.position))
    assert open_now is None
