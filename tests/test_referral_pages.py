"""The pipeline through the pages: each person presses the buttons on their own pages."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import (
    Consent, Exposure, Notification, Position, Referral, ReferralEvent, RetentionCheck, User,
)

from .conftest import UONG_BI


@pytest.fixture
def sent_referral(app, cast, as_user, give_consent):
    """The person says "I'm interested"; the caseworker approves, records consent, sends."""

    def make() -> int:
        as_user(cast.candidate_user).post("/referrals/propose", data={
            "candidate_id": cast.candidate, "position_id": cast.position})
        rid = _referral(app).id
        give_consent(cast.candidate, cast.employer)
        caseworker = as_user(cast.caseworker)
        _step(caseworker, rid, "approved")
        _step(caseworker, rid, "sent")
        return rid

    return make


def _referral(app) -> Referral:
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        db.session.expunge(referral)
        return referral


def _step(client, rid: int, to: str, next_url: str = "/", **fields):
    return client.post(f"/referrals/{rid}/step", data={"to": to, "next": next_url, **fields})


def _events(app, rid: int) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(ReferralEvent.to_status).where(ReferralEvent.referral_id == rid)
                                  .order_by(ReferralEvent.id)).all()


def _flash(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def test_interested_to_retained_180_days_through_the_pages(app, cast, as_user):
    person = as_user(cast.candidate_user)
    home = person.get("/me/").get_data(as_text=True)
    assert "Tôi quan tâm" in home and "Công nhân khai thác đá" in home
    answer = person.post("/referrals/propose", data={"candidate_id": cast.candidate, "position_id": cast.position,
                                                     "next": "/me/referrals"})
    assert answer.status_code == 302 and answer.location == "/me/referrals"
    rid = _referral(app).id
    assert "Xong: cán bộ sẽ xem xét" in person.get("/me/referrals").get_data(as_text=True)

    caseworker = as_user(cast.caseworker)
    waiting = caseworker.get("/casework/referrals?tab=approve").get_data(as_text=True)
    assert "Công nhân khai thác đá" in waiting and "Duyệt" in waiting
    _step(caseworker, rid, "approved")
    refused = _step(caseworker, rid, "sent", "/casework/referrals?tab=send")
    assert refused.location == "/casework/referrals?tab=send"
    assert "chưa đồng ý chia sẻ" in _flash(caseworker, refused.location)
    caseworker.post(f"/referrals/{rid}/consent", data={"reference": "Phiếu 12/2026", "next": "/"})
    _step(caseworker, rid, "sent")

    employer = as_user(cast.employer_user)
    _step(employer, rid, "interview", on=(clock.today() + timedelta(days=1)).isoformat())
    start = clock.today() - timedelta(days=190)
    _step(employer, rid, "hired", on=start.isoformat())
    for day, who in ((30, employer), (90, employer), (180, as_user(cast.caseworker))):
        who.post(f"/referrals/{rid}/retention", data={"day": day, "retained": "yes", "next": "/"})

    assert _events(app, rid) == ["proposed", "approved", "sent", "interview", "hired"]
    with app.app_context():
        referral = db.session.get(Referral, rid)
        assert referral.status == "hired" and referral.start_on == start
        assert [c.retained for c in referral.retention_checks] == [True, True, True]
        consent = db.session.scalar(select(Consent).where(Consent.purpose == "employer"))
        assert (consent.reference, consent.recorded_by_id) == ("Phiếu 12/2026", cast.caseworker)
    tracker = as_user(cast.candidate_user).get("/me/referrals").get_data(as_text=True)
    assert "Đã nhận việc" in tracker and start.strftime("%d/%m/%Y") in tracker


@pytest.mark.parametrize("locale, message", [
    ("vi", "Không thể thực hiện bước này"),
    ("en", "This step is not possible for this referral now"),
])
def test_a_refused_step_says_why_in_the_readers_language(app, cast, as_user, locale, message):
    as_user(cast.candidate_user).post("/referrals/propose", data={
        "candidate_id": cast.candidate, "position_id": cast.position})
    rid = _referral(app).id
    employer = as_user(cast.employer_user, locale)
    # The company cannot see a referral not yet sent to it.
    assert _step(employer, rid, "approved").status_code == 404
    caseworker = as_user(cast.caseworker, locale)
    refused = _step(caseworker, rid, "hired", "/casework/", on=clock.today().isoformat())
    assert message in _flash(caseworker, refused.location)
    assert _events(app, rid) == ["proposed"]


def test_a_caseworker_of_another_commune_gets_a_404_and_changes_nothing(app, cast, as_user):
    as_user(cast.candidate_user).post("/referrals/propose", data={
        "candidate_id": cast.candidate, "position_id": cast.position})
    rid = _referral(app).id
    outsider = as_user(cast.other_caseworker)
    assert _step(outsider, rid, "approved").status_code == 404
    assert outsider.post("/referrals/propose", data={"candidate_id": cast.candidate,
                                                     "position_id": cast.position}).status_code == 404
    assert _events(app, rid) == ["proposed"]


def test_req_28_a_double_submit_makes_one_change(app, cast, as_user):
    person = as_user(cast.candidate_user)
    for _ in range(2):
        assert person.post("/referrals/propose", data={"candidate_id": cast.candidate,
                                                       "position_id": cast.position}).status_code == 302
    rid = _referral(app).id
    caseworker = as_user(cast.caseworker)
    _step(caseworker, rid, "approved")
    again = _step(caseworker, rid, "approved", "/casework/")
    assert again.status_code == 302
    assert _events(app, rid) == ["proposed", "approved"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


def test_a_bad_reason_or_date_is_refused_with_a_message(app, cast, as_user, give_consent):
    as_user(cast.candidate_user).post("/referrals/propose", data={
        "candidate_id": cast.candidate, "position_id": cast.position})
    rid = _referral(app).id
    caseworker = as_user(cast.caseworker)
    _step(caseworker, rid, "approved")
    give_consent(cast.candidate, cast.employer)
    _step(caseworker, rid, "sent")
    employer = as_user(cast.employer_user)
    page = _flash(employer, _step(employer, rid, "declined", "/employer/", reason="because").location)
    assert "Not a valid choice" not in page and "Lựa chọn không hợp lệ" in page
    page = _flash(employer, _step(employer, rid, "hired", "/employer/", on="not a date").location)
    assert "ngày" in page.lower()
    assert _events(app, rid)[-1] == "sent"


def test_the_unread_count_is_right_for_each_role(app, cast, as_user, sent_referral):
    sent_referral()
    with app.app_context():
        expected = dict(db.session.execute(
            select(Notification.recipient_id, func.count()).where(Notification.read_at.is_(None))
            .group_by(Notification.recipient_id)).all())
    # proposed -> the caseworker; approved -> the person; sent -> the person and the company.
    assert expected == {cast.caseworker: 1, cast.candidate_user: 2, cast.employer_user: 1}
    for user_id, count in expected.items():
        client = as_user(user_id)
        assert '<span class="count"' in client.get("/notifications/").get_data(as_text=True)
        assert f">{count}</span>" in client.get("/notifications/").get_data(as_text=True)
        client.post("/notifications/read")
        assert 'class="count"' not in client.get("/notifications/").get_data(as_text=True)


def test_the_plan_proposes_only_what_it_lists(app, cast, as_user, make_candidate):
    with app.app_context():
        db.session.get(Position, cast.position).seats = 2
        db.session.commit()
    for i in range(4):
        make_candidate(UONG_BI, full_name=f"Người số {i}", skills=["stone_cutting"])
    caseworker = as_user(cast.caseworker)
    page = caseworker.get("/casework/plan").get_data(as_text=True)
    pairs = [chunk.split('"')[0] for chunk in page.split('name="pairs" value="')[1:]]
    assert len(pairs) == 2
    # A pair the plan does not hold (a third person for two seats) is refused whole.
    forged = f"{cast.candidate}:{cast.position}" if f"{cast.candidate}:{cast.position}" not in pairs else "999:1"
    assert caseworker.post("/casework/plan", data={"pairs": pairs + [forged]}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 0
    caseworker.post("/casework/plan", data={"pairs": pairs})
    with app.app_context():
        made = db.session.scalars(select(Referral)).all()
        assert sorted(f"{r.candidate_id}:{r.position_id}" for r in made) == sorted(pairs)
        assert {r.status for r in made} == {"proposed"}


def test_showing_suggestions_writes_the_exposure_log(app, cast, as_user):
    as_user(cast.candidate_user).get("/me/")
    as_user(cast.caseworker).get(f"/casework/candidates/{cast.candidate}/referrals")
    with app.app_context():
        rows = db.session.scalars(select(Exposure).order_by(Exposure.id)).all()
    assert {(r.surface, r.candidate_id, r.position_id, r.rank) for r in rows} == {
        ("candidate_home", cast.candidate, cast.position, 1),
        ("caseworker_record", cast.candidate, cast.position, 1)}
    assert all(r.model_version == "cold-start" and r.score == r.score for r in rows)


def test_seats_left_and_in_progress_are_one_figure_everywhere(app, cast, as_user, make_candidate):
    with app.app_context():
        db.session.get(Position, cast.position).filled = 2
        db.session.commit()
    other = make_candidate(UONG_BI, full_name="Lê Văn Tư", skills=["stone_cutting"])
    caseworker = as_user(cast.caseworker)
    caseworker.post("/referrals/propose", data={"candidate_id": other, "position_id": cast.position})
    shown = "Còn 3 chỗ · 1 đang xử lý"
    assert shown in caseworker.get(f"/casework/positions/{cast.position}").get_data(as_text=True)
    assert shown in caseworker.get(f"/casework/candidates/{cast.candidate}/referrals").get_data(as_text=True)
    assert shown in as_user(cast.candidate_user).get("/me/").get_data(as_text=True)


def test_a_due_check_answered_left_frees_the_seat_through_the_page(app, cast, as_user, sent_referral):
    rid = sent_referral()
    employer = as_user(cast.employer_user)
    _step(employer, rid, "hired", on=(clock.today() - timedelta(days=40)).isoformat())
    caseworker = as_user(cast.caseworker)
    due = caseworker.get("/casework/referrals?tab=checks").get_data(as_text=True)
    assert "Kiểm tra sau 30 ngày" in due
    caseworker.post(f"/referrals/{rid}/retention", data={"day": 30, "retained": "no", "reason": "wage",
                                                        "next": "/casework/referrals?tab=checks"})
    with app.app_context():
        assert db.session.get(Referral, rid).status == "left"
        assert db.session.get(Position, cast.position).filled == 0
        assert db.session.scalar(select(func.count()).select_from(RetentionCheck)) == 1


def test_an_admin_sees_every_referral_and_may_only_withdraw(app, cast, as_user, sent_referral):
    rid = sent_referral()
    admin = as_user(cast.admin)
    page = admin.get("/admin/referrals?status=sent").get_data(as_text=True)
    assert "Công nhân khai thác đá" in page and "Rút lại" in page and "Ghi nhận vào làm" not in page
    assert admin.get("/admin/referrals?status=nonsense").status_code == 404
    _step(admin, rid, "hired", on=clock.today().isoformat())
    _step(admin, rid, "withdrawn")
    assert _events(app, rid) == ["proposed", "approved", "sent", "withdrawn"]


def test_the_plan_narrows_to_one_commune_or_one_position(app, cast, as_user, make_candidate, make_position):
    from .conftest import VANG_DANH

    with app.app_context():
        caseworker = db.session.get(User, cast.caseworker)
        from marketplace.services.accounts import Area, set_areas

        set_areas(caseworker.caseworker, [Area(*UONG_BI), Area(*VANG_DANH)])
        db.session.commit()
    near = make_candidate(UONG_BI, full_name="Người Uông Bí", skills=["stone_cutting"])
    far = make_candidate(VANG_DANH, full_name="Người Vàng Danh", skills=["stone_cutting"])
    second = make_position(cast.employer, UONG_BI, title="Thợ phụ mỏ", seats=5, required_skills=["stone_cutting"])
    caseworker = as_user(cast.caseworker)
    table = caseworker.get(f"/casework/plan?ward={VANG_DANH[1]}").get_data(as_text=True).split("<table")[1]
    assert "Người Vàng Danh" in table and "Người Uông Bí" not in table
    page = caseworker.get(f"/casework/plan?position={second}").get_data(as_text=True)
    table = page.split("<table")[1]
    assert "Thợ phụ mỏ" in table and "Công nhân khai thác đá" not in table
    pairs = [chunk.split('"')[0] for chunk in page.split('name="pairs" value="')[1:]]
    assert pairs and all(p.endswith(f":{second}") for p in pairs)
    caseworker.post("/casework/plan", data={"pairs": pairs, "position": second})
    with app.app_context():
        made = db.session.scalars(select(Referral)).all()
    assert {r.position_id for r in made} == {second} and len(made) == len(pairs)
    assert {r.candidate_id for r in made} <= {near, far, cast.candidate}
