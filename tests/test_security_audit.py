"""The audit trail [SECURITY 20]: append-only in the database, written before a sensitive page
renders, no gaps (logins, logouts, failures, account changes, out-of-scope requests), and an
admin page that filters it. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import AuditEvent, CandidateProfile, User
from marketplace.services import accounts, casework, exposure

from .conftest import PASSWORD, PHU_LY, UONG_BI

SENTINEL = "SENTINEL-AUDIT-7Q"


def _events(app, **where):
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        return [(e.action, e.user_id, e.subject_type, e.subject_id, e.outcome)
                for e in db.session.scalars(query)]


def _one_event(app) -> int:
    with app.app_context():
        event = AuditEvent(action="view_candidate", subject_type="candidate", subject_id=1)
        db.session.add(event)
        db.session.commit()
        return event.id


def _refused(app, statement) -> None:
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(statement)
            db.session.commit()
        db.session.rollback()


def test_req_20_audit_rows_can_be_neither_changed_nor_deleted(app):
    event_id = _one_event(app)
    _refused(app, update(AuditEvent).where(AuditEvent.id == event_id).values(outcome="denied"))
    _refused(app, delete(AuditEvent).where(AuditEvent.id == event_id))
    _refused(app, text("DELETE FROM audit_events"))
    with app.app_context():
        assert db.session.get(AuditEvent, event_id).outcome == "success"


def test_req_20_the_migration_installs_the_same_trigger_as_create_all(app):
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade()
    try:
        event_id = _one_event(app)
        _refused(app, update(AuditEvent).where(AuditEvent.id == event_id).values(action="x"))
        _refused(app, delete(AuditEvent))
    finally:
        with app.app_context():
            db.session.execute(text("DROP TABLE alembic_version"))
            db.session.commit()


def test_req_20_a_sensitive_page_is_not_shown_when_its_audit_cannot_be_written(
        app, make_user, make_candidate, login, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, with the error page
    candidate = make_candidate(UONG_BI, offence_category="property", address_line=SENTINEL)
    login(make_user("caseworker"))
    assert SENTINEL.encode() in client.get(f"/casework/candidates/{candidate}/legal").data
    with app.app_context():  # the audit table is gone: no event can be written
        db.session.execute(text("ALTER TABLE audit_events RENAME TO audit_events_away"))
        db.session.commit()
    try:
        response = client.get(f"/casework/candidates/{candidate}/legal")
    finally:
        with app.app_context():
            db.session.rollback()
            db.session.execute(text("ALTER TABLE audit_events_away RENAME TO audit_events"))
            db.session.commit()
    assert response.status_code >= 500
    assert SENTINEL.encode() not in response.data


def test_req_20_logins_failed_logins_and_logouts_are_audited(app, client, make_user, login):
    uid = make_user("caseworker")
    login(uid, "not the password")
    client.post("/login", data={"login": "0999999999", "password": "whatever it is"})
    login(uid)
    client.post("/logout")
    assert _events(app) == [
        ("login_failed", None, "user", uid, "failure"),
        ("login_failed", None, None, None, "failure"),
        ("login", uid, "user", uid, "success"),
        ("logout", uid, "user", uid, "success"),
    ]
    with app.app_context():  # never the login typed (a phone number is personal data)
        rows = db.session.scalars(select(AuditEvent)).all()
        assert "0999999999" not in repr([(r.route, r.purpose, r.categories) for r in rows])


def test_req_20_a_refused_login_is_audited_as_denied(app, client, make_user, login):
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 2
    uid = make_user("candidate")
    login(uid, "wrong one")
    login(uid, "wrong two")
    assert login(uid).status_code == 429
    assert _events(app, action="login_refused") == [("login_refused", None, "user", uid, "denied")]


def test_req_20_an_out_of_scope_record_is_a_404_that_leaves_a_trace(app, make_user, make_candidate,
                                                                     login, client):
    theirs = make_candidate(UONG_BI)
    outsider = make_user("caseworker", areas=(PHU_LY,))
    login(outsider)
    for path in (f"/casework/candidates/{theirs}", f"/casework/candidates/{theirs}/legal",
                 "/casework/candidates/2147483647"):
        assert client.get(path).status_code == 404
    assert _events(app, outcome="denied") == [
        ("out_of_scope", outsider, "candidate", theirs, "denied"),
        ("out_of_scope", outsider, "candidate", theirs, "denied"),
        ("out_of_scope", outsider, "candidate", 2147483647, "denied"),
    ]
    assert _events(app, outcome="success", action="view_candidate") == []


def test_req_20_an_out_of_scope_api_request_leaves_a_trace(app, make_user, make_candidate, client):
    theirs = make_candidate(UONG_BI)
    outsider = make_user("caseworker", areas=(PHU_LY,))
    with app.app_context():
        name = db.session.get(User, outsider).login
    token = client.post("/api/v1/tokens", json={"login": name, "password": PASSWORD}).get_json()["token"]
    response = client.get(f"/api/v1/candidates/{theirs}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert _events(app, action="out_of_scope") == [("out_of_scope", outsider, "candidate", theirs, "denied")]


def test_req_20_api_sign_in_and_its_failures_are_audited(app, make_user, client):
    uid = make_user("caseworker")
    with app.app_context():
        name = db.session.get(User, uid).login
    assert client.post("/api/v1/tokens", json={"login": name, "password": "not it at all"}).status_code == 401
    assert client.post("/api/v1/tokens", json={"login": name, "password": PASSWORD}).status_code == 201
    assert _events(app) == [("login_failed", None, "user", uid, "failure"),
                            ("api_login", uid, "user", uid, "success")]


def test_req_20_commune_reassignment_and_deactivation_are_audited(app, make_user, login, client):
    admin, officer = make_user("admin"), make_user("caseworker", areas=(UONG_BI,))
    login(admin)
    response = client.post(f"/admin/caseworkers/{officer}", data={
        "province": PHU_LY[0], "wards": [PHU_LY[1]], "agency": "police"})  # "active" unticked
    assert response.status_code == 302
    assert [e[:4] for e in _events(app, user_id=admin) if e[0] != "login"] == [
        ("caseworker_reassign", admin, "user", officer),
        ("user_deactivate", admin, "user", officer),
    ]


def test_req_20_removing_a_company_member_is_audited(app, make_user, employer_of, login, client):
    from marketplace.models import EmployerMember

    owner = make_user("employer")
    member = make_user("employer")
    with app.app_context():
        joined = db.session.get(EmployerMember, member)
        joined.employer_id, joined.role = employer_of(owner), "member"
        db.session.commit()
    login(owner)
    assert client.post(f"/employer/members/{member}/remove").status_code == 302
    assert _events(app, action="member_remove") == [("member_remove", owner, "user", member, "success")]


def test_req_20_employer_suspension_is_audited(app, make_user, employer_of, login, client):
    admin, company_user = make_user("admin"), make_user("employer")
    employer = employer_of(company_user)
    login(admin)
    client.post(f"/verification/{employer}/verify")
    client.post(f"/verification/{employer}/suspend", data={"reason": "Không trả lương đúng hạn"})
    assert [e[0] for e in _events(app, subject_type="employer")] == ["employer_verify", "employer_suspend"]


def test_req_20_the_admin_page_filters_by_person_user_action_and_date(app, make_user, login, client,
                                                                      clock_at):
    admin = make_user("admin")
    with app.app_context():
        now = clock.now()
        db.session.add_all([
            AuditEvent(action="view_candidate", user_id=7, subject_type="candidate", subject_id=41,
                       at=now - timedelta(days=3), purpose="case_management"),
            AuditEvent(action="view_candidate", user_id=8, subject_type="candidate", subject_id=42, at=now),
            AuditEvent(action="out_of_scope", user_id=7, subject_type="candidate", subject_id=42,
                       at=now, outcome="denied"),
        ])
        db.session.commit()
    login(admin)

    def rows(**args):
        page = client.get("/admin/audit", query_string=args)
        assert page.status_code == 200
        return page.data.decode().count('<tr class="event">')

    assert rows(person=42) == 2
    assert rows(user=7) == 2
    assert rows(user=7, action="out_of_scope") == 1
    today = clock.today()
    assert rows(person=41, since=(today - timedelta(days=1)).isoformat()) == 0
    assert rows(person=41, until=(today - timedelta(days=1)).isoformat()) == 1
    assert "candidate #41" in client.get("/admin/audit", query_string={"user": 7}).data.decode()
    # Day 1 of year 1 and the last day of 9999 leave date's range as UTC instants: a 500 before.
    for name in ("since", "until"):
        for day in ("0001-01-01", "9999-12-31"):
            page = client.get("/admin/audit", query_string={name: day})
            assert page.status_code == 200 and "Ngày không hợp lệ." in page.data.decode(), (name, day)
    # Reading the trail is recorded too.
    assert _events(app, action="view_audit_log")[0][1] == admin


def test_req_20_the_admin_page_is_paginated_and_keeps_its_filters(app, make_user, login, client):
    app.config["PAGE_SIZE"] = 5
    admin = make_user("admin")
    with app.app_context():
        db.session.add_all([AuditEvent(action="view_candidate", user_id=9, subject_type="candidate",
                                       subject_id=5) for _ in range(12)])
        db.session.commit()
    login(admin)
    first = client.get("/admin/audit?user=9").data.decode()
    assert first.count("candidate #5") == 5
    assert 'href="/admin/audit?page=2&amp;user=9"' in first
    assert client.get("/admin/audit?user=9&page=3").data.decode().count("candidate #5") == 2


def test_req_20_the_audit_page_is_for_admins_only(make_user, login, client):
    login(make_user("caseworker"))
    assert client.get("/admin/audit").status_code == 403


def test_req_20_purges_and_expungement_leave_the_audit_trail_alone(app, cast, make_candidate):
    """Retention and expungement delete personal data, never audit rows (which hold none)."""
    from marketplace.cli import privacy_purge

    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        profile.offence_category = "property"
        db.session.add(AuditEvent(action="view_candidate", subject_type="candidate",
                                  subject_id=profile.id, categories=["conviction"],
                                  at=clock.now() - timedelta(days=3000)))
        db.session.commit()
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
        casework.add_milestone(db.session.get(User, cast.caseworker), profile, "expunged", clock.today())
        exposure.purge()
        db.session.commit()
    result = app.test_cli_runner().invoke(privacy_purge)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
