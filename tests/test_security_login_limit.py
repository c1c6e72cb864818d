"""The login limit [SECURITY 3]: counted where every worker sees it, checked and counted in one
step, per account *and* address (a stranger cannot lock anybody out), the account slowed down
rather than locked, 429 with a message in both languages, and the password page's current
password limited too. Concurrency tests run real threads, each its own request-like unit with
its own connection, on SQLite and (TEST_DATABASE_URL) PostgreSQL; Redis when it answers."""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import CandidateProfile, LoginCounter, User
from marketplace.services import accounts, claims, members

from .conftest import PASSWORD

LIMIT = 5


@pytest.fixture
def app_config(app_config):
    # One connection per thread, as with that many server threads.
    return {**app_config, "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 64, "max_overflow": 4,
                                                         "pool_pre_ping": True, "hide_parameters": True}}


def _login_of(app, uid: int) -> str:
    with app.app_context():
        return db.session.get(User, uid).login


def _at_once(app, attempt, n: int = 60) -> Counter:
    """n calls of `attempt` at the same moment, each in its own request-like unit with its own
    connection; how each ended (the word `attempt` returns)."""
    gate = threading.Barrier(n)

    def one(_):
        with app.test_request_context():
            gate.wait()
            try:
                return attempt()
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return Counter(pool.map(one, range(n)))


def _storm(app, login: str, n: int = 60, ip: str = "203.0.113.7") -> Counter:
    """n wrong passwords at the same moment from one address; how each attempt ended."""

    def attempt():
        try:
            user = accounts.authenticate(login, "not the password at all", ip)
            db.session.commit()
            return "checked" if user is None else "signed in"
        except accounts.TooManyAttempts:
            db.session.rollback()
            return "refused"

    return _at_once(app, attempt, n)


def test_req_03_sixty_concurrent_wrong_passwords_get_at_most_the_limit_checked(app, make_user):
    login = _login_of(app, make_user("admin"))
    outcomes = _storm(app, login)
    assert outcomes == {"checked": LIMIT, "refused": 60 - LIMIT}


def test_req_03_another_address_still_logs_in_while_the_attacker_is_refused(app, make_user):
    uid = make_user("admin")
    login = _login_of(app, uid)
    assert _storm(app, login)["refused"] == 60 - LIMIT
    attacker = app.test_client()
    assert attacker.post("/login", data={"login": login, "password": PASSWORD},
                         environ_base={"REMOTE_ADDR": "203.0.113.7"}).status_code == 429
    admin = app.test_client()
    response = admin.post("/login", data={"login": login, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert response.status_code == 302 and response.location.endswith("/admin/")


def test_req_03_a_refused_attempt_is_a_429_with_a_message_in_both_languages(app, make_user, login):
    uid = make_user("candidate")
    for _ in range(LIMIT):
        login(uid, "wrong password!")
    refused = login(uid)
    assert refused.status_code == 429
    assert "Thử quá nhiều lần".encode() in refused.data
    english = app.test_client()
    english.set_cookie("lang", "en")
    response = english.post("/login", data={"login": _login_of(app, uid), "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts with this account from your device" in response.data


def test_req_03_the_account_is_slowed_down_from_every_address_not_locked(app, make_user, clock_at):
    app.config.update(LOGIN_SLOW_DOWN_AFTER=3)
    interval = app.config["LOGIN_SLOW_DOWN_INTERVAL"]
    uid = make_user("employer")
    login = _login_of(app, uid)

    def attempt(ip: str, password: str = "a wrong guess!"):
        return app.test_client().post("/login", data={"login": login, "password": password},
                                      environ_base={"REMOTE_ADDR": ip})

    for n in range(3):  # three addresses, one guess each: no address reached its own limit
        assert attempt(f"192.0.2.{n + 1}").status_code == 200
    assert attempt("192.0.2.10").status_code == 200  # past the threshold: one attempt now...
    assert attempt("192.0.2.11").status_code == 429  # ...and the next one must wait
    clock_at.advance(seconds=interval.total_seconds() + 1)
    response = attempt("192.0.2.12", PASSWORD)
    assert response.status_code == 302  # slowed, never locked: the owner gets in


def test_req_03_successful_logins_do_not_use_up_the_address(app, make_user, login, client):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    uid = make_user("caseworker")
    for _ in range(6):  # an office behind one address: many logins, no failures
        assert login(uid).status_code == 302
        client.post("/logout")
    with app.app_context():
        counts = dict(db.session.execute(select(LoginCounter.key, LoginCounter.count)).all())
    assert counts["addr:127.0.0.1"] == 0
    assert not any(key.startswith("pair:") for key in counts)  # forgiven at each success


def test_req_03_the_current_password_check_is_limited_and_counted(app, make_user, login, client):
    uid = make_user("employer")
    login(uid)

    def change(current: str):
        return client.post("/account/password", data={
            "current": current, "password": "another long sentence", "confirm": "another long sentence"})

    for _ in range(LIMIT - 1):  # the login itself was forgiven; the guesses count
        assert "Mật khẩu hiện tại không đúng".encode() in change("a wrong guess").data
    assert change("a wrong guess").status_code == 200
    assert change(PASSWORD).status_code == 429  # limited: even the right one waits
    with app.app_context():
        pair = db.session.scalar(select(LoginCounter.count).where(LoginCounter.key.like("pair:%")))
        assert pair == LIMIT
        assert db.session.get(User, uid).password_hash.startswith("$argon2id$")
    assert client.get("/employer/").status_code == 200  # still the old password, still signed in


# --- the one-time codes that open an account: a claim slip, a company's invitation -------------------

ATTACKER = "203.0.113.7"
SLIP_PHONE = "0978123456"


@pytest.fixture
def slip(app, make_user, make_candidate):
    """A profile made by a caseworker with a printed claim code; returns the code."""
    caseworker = make_user("caseworker")
    profile_id = make_candidate(full_name="Đỗ Văn Tâm", phone=SLIP_PHONE)
    with app.app_context():
        code = claims.issue_claim_code(db.session.get(User, caseworker),
                                       db.session.get(CandidateProfile, profile_id))
        db.session.commit()
    return code


def _wrong_codes(app, try_code, refused, checked, n: int = 60) -> Counter:
    """n wrong codes at once from the attacker's address: "checked" (the code was looked at and
    refused), "refused" (the limit answered before the code was looked at) or "accepted"."""

    def attempt():
        try:
            try_code()
        except refused:
            return "refused"
        except checked:
            return "checked"
        finally:
            db.session.rollback()
        return "accepted"

    return _at_once(app, attempt, n)


def _wrong_claim_codes(app, n: int = 60) -> Counter:
    return _wrong_codes(app, lambda: claims.claim(SLIP_PHONE, "ABCD-EFGH", "tôi đã trở về nhà", ATTACKER),
                        claims.TooManyTries, claims.CodeWrong, n)


def test_req_03_sixty_concurrent_wrong_claim_codes_get_at_most_the_limit_checked(app, slip):
    assert _wrong_claim_codes(app) == {"checked": LIMIT, "refused": 60 - LIMIT}
    # The guesses did not lock the person out: their slip works from their own device.
    response = app.test_client().post("/claim", data={
        "phone": SLIP_PHONE, "code": slip, "password": "tôi đã trở về nhà", "confirm": "tôi đã trở về nhà"},
        environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert response.status_code == 302 and response.location.endswith("/me/")


def test_req_03_a_refused_claim_code_is_a_429_in_both_languages(app, slip):
    _wrong_claim_codes(app, n=LIMIT)
    data = {"phone": SLIP_PHONE, "code": slip, "password": "tôi đã trở về nhà", "confirm": "tôi đã trở về nhà"}
    refused = app.test_client().post("/claim", data=data, environ_base={"REMOTE_ADDR": ATTACKER})
    assert refused.status_code == 429 and "Bạn đã thử sai quá nhiều lần".encode() in refused.data
    english = app.test_client()
    english.set_cookie("lang", "en")
    refused = english.post("/claim", data=data, environ_base={"REMOTE_ADDR": ATTACKER})
    assert refused.status_code == 429 and b"Too many wrong tries" in refused.data
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.phone == SLIP_PHONE)) is None


@pytest.fixture
def invitation(app, make_user):
    """A company's invitation for a colleague's phone; returns (phone, code)."""
    owner = make_user("employer")
    with app.app_context():
        user = db.session.get(User, owner)
        _row, code = members.invite(user, user.membership.employer, "0987000111")
        db.session.commit()
    return "0987000111", code


def _wrong_invitation_codes(app, login: str, n: int = 60) -> Counter:
    return _wrong_codes(app, lambda: members.accept(login, "AAAAA-AAAAA", "Trần Thị Mai", "một buổi sáng trong lành",
                                                    ATTACKER),
                        accounts.TooManyAttempts, members.InvitationRefused, n)


def test_req_03_sixty_concurrent_wrong_invitation_codes_get_at_most_the_limit_checked(app, invitation):
    login, code = invitation
    assert _wrong_invitation_codes(app, login) == {"checked": LIMIT, "refused": 60 - LIMIT}
    data = {"login": login, "code": code, "full_name": "Trần Thị Mai",
            "password": "một buổi sáng trong lành", "confirm": "một buổi sáng trong lành"}
    attacker = app.test_client().post("/join", data=data, environ_base={"REMOTE_ADDR": ATTACKER})
    assert attacker.status_code == 429  # even the right code waits, from the guessing address
    assert "Bạn đã thử quá nhiều lần".encode() in attacker.data
    english = app.test_client()
    english.set_cookie("lang", "en")
    refused = english.post("/join", data=data, environ_base={"REMOTE_ADDR": ATTACKER})
    assert refused.status_code == 429 and b"Too many attempts. Please wait a few minutes" in refused.data
    invited = app.test_client().post("/join", data=data, environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert invited.status_code == 302  # the colleague, on their own device, joins
    with app.app_context():
        assert db.session.scalar(select(User.full_name).where(User.phone == login)) == "Trần Thị Mai"


def _redis_url() -> str | None:
    try:
        import redis
    except ImportError:
        return None
    url = "redis://127.0.0.1:6379/12"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return url


@pytest.mark.skipif(_redis_url() is None, reason="no Redis server on 127.0.0.1:6379")
def test_req_03_with_redis_the_count_and_check_is_one_incr(app, make_user):
    app.config["REDIS_URL"] = _redis_url()
    uid = make_user("admin")
    login = _login_of(app, uid)
    ip = f"2001:db8::{uuid.uuid4().hex[:4]}"  # fresh keys on a shared server
    assert _storm(app, login, ip=ip) == {"checked": LIMIT, "refused": 60 - LIMIT}
    with app.test_request_context():
        assert accounts.authenticate(login, PASSWORD, "198.51.100.99") is not None
        db.session.commit()
        # Nothing was counted in the database.
        assert db.session.scalar(select(LoginCounter.key)) is None
