"""Signing in and out [SECURITY 1-7]."""
import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import AuditEvent, LoginCounter, User

from .conftest import PASSWORD


def test_login_by_phone_reaches_the_role_home(client, make_user, login):
    uid = make_user("candidate")
    response = login(uid)
    assert response.status_code == 302
    assert response.location.endswith("/me/")
    assert client.get("/me/").status_code == 200


def test_login_by_email_is_case_insensitive(client, make_user, app):
    make_user("admin")
    with app.app_context():
        email = db.session.scalar(select(User.email).where(User.role == "admin"))
    response = client.post("/login", data={"login": email.upper(), "password": PASSWORD})
    assert response.location.endswith("/admin/")


def test_wrong_password_says_so_without_telling_which_part(client, make_user, login):
    uid = make_user("candidate")
    response = login(uid, "not the password")
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu".encode() in response.data


def test_req_06_a_copied_cookie_is_worthless_after_logout(client, make_user, login, app):
    uid = make_user("caseworker")
    login(uid)
    assert client.get("/casework/").status_code == 200
    stolen = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/casework/")
    assert response.status_code == 302
    assert "/login" in response.location


def test_req_06_password_change_ends_other_sessions(app, make_user):
    uid = make_user("employer")
    phone, laptop = app.test_client(), app.test_client()
    with app.app_context():
        name = db.session.get(User, uid).login
    for c in (phone, laptop):
        c.post("/login", data={"login": name, "password": PASSWORD})
    response = laptop.post("/account/password", data={
        "current": PASSWORD, "password": "another long sentence", "confirm": "another long sentence"})
    assert response.status_code == 302
    assert laptop.get("/employer/").status_code == 200
    assert phone.get("/employer/").status_code == 302


def test_req_06_deactivation_ends_the_session(app, client, make_user, login):
    uid = make_user("candidate")
    login(uid)
    with app.app_context():
        from marketplace.services.accounts import set_active

        set_active(db.session.get(User, uid), False)
        db.session.commit()
    assert client.get("/me/").status_code == 302


def test_req_05_session_cookie_changes_at_login(client, make_user, login):
    client.get("/login")
    with client.session_transaction() as s:
        s["planted"] = "by an attacker"
    login(make_user("candidate"))
    with client.session_transaction() as s:
        assert "planted" not in s


def test_req_03_repeated_failures_are_limited_per_account(client, make_user, login, app):
    uid = make_user("candidate")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        assert login(uid, "wrong password!").status_code == 200
    assert login(uid).status_code == 429
    with app.app_context():
        # Five failures counted where every worker sees them, and each one in the audit trail.
        pair = db.session.scalar(select(LoginCounter.count).where(LoginCounter.key.like("pair:%")))
        assert pair == 5
        assert db.session.scalar(select(db.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "login_failed", AuditEvent.subject_id == uid)) == 5


def test_req_03_repeated_failures_are_limited_per_address(client, make_user, login, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for _ in range(3):
        client.post("/login", data={"login": "0900000001", "password": "whatever1"})
    assert login(make_user("candidate")).status_code == 429


def test_req_01_hashes_are_argon2id_and_renewed_when_parameters_change(app, make_user, login):
    uid = make_user("candidate")
    with app.app_context():
        old = db.session.get(User, uid).password_hash
    assert old.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    app.config["ARGON2_TIME_COST"] = 3
    login(uid)
    with app.app_context():
        assert db.session.get(User, uid).password_hash.startswith("$argon2id$v=19$m=19456,t=3,p=1$")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_req_15_login_never_redirects_off_site(client, make_user, app, target):
    uid = make_user("candidate")
    with app.app_context():
        name = db.session.get(User, uid).login
    response = client.post(f"/login?next={target}", data={"login": name, "password": PASSWORD})
    assert response.location.endswith("/me/")


def test_login_follows_a_local_next(client, make_user, app):
    uid = make_user("candidate")
    with app.app_context():
        name = db.session.get(User, uid).login
    response = client.post("/login?next=/me/", data={"login": name, "password": PASSWORD})
    assert response.location == "/me/"


def test_inactive_user_cannot_log_in(make_user, login):
    uid = make_user("candidate", active=False)
    assert login(uid).status_code == 200


def test_req_07_staff_sessions_end_after_the_idle_timeout(client, make_user, login, clock_at):
    login(make_user("caseworker"))
    assert client.get("/casework/").status_code == 200
    clock_at.advance(minutes=31)
    response = client.get("/casework/")
    assert response.status_code == 302 and "/login" in response.location


def test_req_07_candidates_are_not_timed_out_like_staff(client, make_user, login, clock_at):
    login(make_user("candidate"))
    client.get("/me/")
    clock_at.advance(minutes=31)
    assert client.get("/me/").status_code == 200
