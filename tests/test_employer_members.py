"""Several logins per company: a one-time code valid 7 days, stored hashed; removing a member
logs them out on their next request. And the programme's pages about companies."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import (
    AuditEvent, EmployerInvitation, EmployerMember, ProgrammeText, Referral, RetentionCheck, User,
)

NEW_PASSWORD = "một buổi sáng trong lành"


def _invite(client, login: str) -> str:
    page = client.post("/employer/members/invite", data={"login": login}).get_data(as_text=True)
    found = re.search(r'<p class="code"><strong>([A-Z0-9]{5}-[A-Z0-9]{5})</strong></p>', page)
    assert found, page
    return found.group(1)


def _join(client, login: str, code: str, name: str = "Trần Thị Mai"):
    return client.post("/join", data={"login": login, "code": code, "full_name": name,
                                      "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


def test_an_invited_colleague_joins_once_and_the_code_is_stored_hashed(app, cast, login, client_as):
    owner = client_as(cast.employer_user)
    code = _invite(owner, "0987 111 222")
    with app.app_context():
        stored = db.session.scalar(select(EmployerInvitation))
        assert code.replace("-", "") not in stored.code_hash and len(stored.code_hash) == 64
        assert stored.login == "0987111222"

    guest = app.test_client()
    assert "Mã này không dùng được" in _join(guest, "0987111333", code).get_data(as_text=True)
    joined = _join(guest, "0987111222", code.lower())
    assert joined.status_code == 302 and joined.location.endswith("/login")
    guest.post("/login", data={"login": "0987111222", "password": NEW_PASSWORD})
    assert f"/employer/positions/{cast.position}" in guest.get("/employer/").get_data(as_text=True)
    with app.app_context():
        member = db.session.scalar(select(User).where(User.phone == "0987111222"))
        assert member.membership.employer_id == cast.employer and member.membership.role == "member"

    again = app.test_client()
    assert "Mã này không dùng được" in _join(again, "0987111222", code).get_data(as_text=True)


def test_an_invitation_expires_after_7_days(app, cast, client, login):
    login(cast.employer_user)
    code = _invite(client, "mai@example.vn")
    with app.app_context():
        invitation = db.session.scalar(select(EmployerInvitation))
        assert invitation.expires_at - invitation.created_at == timedelta(days=7)
        invitation.expires_at = clock.now() - timedelta(minutes=1)
        db.session.commit()
    client.post("/logout")
    assert "quá 7 ngày" in _join(client, "mai@example.vn", code).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "mai@example.vn")) == 0


def test_guessing_codes_is_stopped(app, client):
    for _ in range(5):
        _join(client, "0987000111", "AAAAA-AAAAA")
    assert _join(client, "0987000111", "BBBBB-BBBBB").status_code == 429


def test_a_removed_member_is_logged_out_on_their_next_request(app, cast, client, login, client_as):
    owner = client_as(cast.employer_user)
    code = _invite(owner, "mai@example.vn")
    member = app.test_client()
    _join(member, "mai@example.vn", code)
    member.post("/login", data={"login": "mai@example.vn", "password": NEW_PASSWORD})
    assert member.get("/employer/").status_code == 200
    with app.app_context():
        member_id = db.session.scalar(select(User.id).where(User.email == "mai@example.vn"))
    owner.post(f"/employer/members/{member_id}/remove")
    response = member.get("/employer/")
    assert response.status_code == 302 and "/login" in response.location
    with app.app_context():
        assert db.session.get(User, member_id).membership is None
    # Invited again later, the same person rejoins with a new code.
    code = _invite(owner, "mai@example.vn")
    assert _join(app.test_client(), "mai@example.vn", code).status_code == 302


def test_only_the_owner_invites_and_the_owner_cannot_be_removed(app, cast, client, login):
    login(cast.employer_user)
    page = client.post(f"/employer/members/{cast.employer_user}/remove", follow_redirects=True)
    assert "Không thể xóa chủ tài khoản" in page.get_data(as_text=True)
    code = _invite(client, "mai@example.vn")
    member = app.test_client()
    _join(member, "mai@example.vn", code)
    member.post("/login", data={"login": "mai@example.vn", "password": NEW_PASSWORD})
    refused = member.post("/employer/members/invite", data={"login": "lan@example.vn"}).get_data(as_text=True)
    assert "Chỉ chủ tài khoản" in refused and 'class="code"' not in refused
    assert member.post(f"/employer/members/{cast.other_employer_user}/remove").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EmployerMember)
                                 .where(EmployerMember.employer_id == cast.employer)) == 2


def test_the_programme_sees_hires_retention_and_record_declines_per_company(app, cast, client, login,
                                                                            make_candidate):
    today = clock.today()
    with app.app_context():
        kept = Referral(candidate_id=make_candidate(), position_id=cast.position, status="hired",
                        start_on=today - timedelta(days=100))
        gone = Referral(candidate_id=make_candidate(), position_id=cast.position, status="left",
                        start_on=today - timedelta(days=95))
        record = Referral(candidate_id=make_candidate(), position_id=cast.position, status="declined",
                          decline_reason="record")
        db.session.add_all([kept, gone, record])
        db.session.flush()
        db.session.add(RetentionCheck(referral_id=kept.id, day=90, due_on=today - timedelta(days=10), retained=True))
        db.session.commit()
    login(cast.admin)
    page = client.get("/admin/employers").get_data(as_text=True)
    row = page.split(f'/verification/{cast.employer}"')[1].split("</tr>")[0]
    assert "<td>2</td>" in row                       # two hires
    assert "50% (1/2)" in row                        # one of the two kept at 90 days
    assert '<strong class="caution">1</strong>' in row


def test_the_admin_edits_the_incentives_page_in_both_languages(app, cast, client, login):
    assert "Quyết định 22/2023/QĐ-TTg" in client.get("/incentives").get_data(as_text=True)
    assert "/incentives" in client.get("/register/employer").get_data(as_text=True)
    login(cast.admin)
    assert client.post("/admin/incentives", data={"body_vi": "", "body_en": "x"}).status_code == 200
    with app.app_context():
        assert db.session.get(ProgrammeText, "incentives") is None
    client.post("/admin/incentives", data={"body_vi": "Vay vốn ưu đãi.\n\nĐào tạo nghề.", "body_en": "Loans."})
    login(cast.employer_user)
    page = client.get("/incentives").get_data(as_text=True)
    assert "<p>Vay vốn ưu đãi.</p>" in page and "<p>Đào tạo nghề.</p>" in page
    assert "/incentives" in client.get("/employer/").get_data(as_text=True)


def test_the_old_verify_button_still_verifies_and_is_audited(app, client, make_user, login, employer_of):
    employer_id = employer_of(make_user("employer"))
    admin = make_user("admin")
    login(admin)
    client.post(f"/admin/employers/{employer_id}/verify")
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "employer_verify")).user_id == admin
        owner = db.session.scalar(select(EmployerMember).where(EmployerMember.employer_id == employer_id))
        assert owner.role == "owner"
        from marketplace.models import Notification

        assert db.session.scalar(select(Notification.template).where(
            Notification.recipient_id == owner.user_id)) == "employer_verified"
