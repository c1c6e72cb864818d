"""Sign-up by phone with an SMS code, telling a stranger nothing about who has an account."""
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select, update

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CandidateProfile, OneTimeCode, OutboxMessage, User

from .conftest import UONG_BI

GOOD = {"full_name": "Phạm Văn Cường", "phone": "0987 654 321", "province": UONG_BI[0],
        "ward": UONG_BI[1], "password": "một câu đủ dài", "confirm": "một câu đủ dài"}


def _users(app, phone="0987654321") -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User).where(User.phone == phone))


def _outbox(app, template):
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)
                                  .order_by(OutboxMessage.id)).all()


def _last_code(app) -> str:
    return _outbox(app, "signup_code")[-1].params["code"]


def test_a_new_and_a_taken_number_get_the_same_answer(app, make_user):
    owner = make_user("candidate")
    with app.app_context():
        taken = db.session.get(User, owner).phone
    answers = []
    for phone in ("0987654321", taken):
        client = app.test_client()
        first = client.post("/register", data={**GOOD, "phone": phone})
        page = client.get(first.location).get_data(as_text=True)
        page = re.sub(r'name="csrf_token" value="[^"]*"', "", page)  # differs per session anyway
        answers.append((first.status_code, first.location, page.replace(phone, "PHONE")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 302 and "/register/code" in answers[0][1]


def test_the_owner_of_a_taken_number_is_warned_and_no_second_account_is_made(app, client, make_user):
    owner = make_user("candidate")
    with app.app_context():
        taken = db.session.get(User, owner).phone
    client.post("/register", data={**GOOD, "phone": taken})
    warnings = _outbox(app, "signup_attempt_on_taken_number")
    assert [(w.address, w.recipient_id) for w in warnings] == [(taken, owner)]
    assert _outbox(app, "signup_code") == []
    for guess in ("000000", "123456"):
        client.post("/register/code", data={"code": guess})
    assert _users(app, taken) == 1


def test_the_right_code_makes_a_private_self_registered_profile(app, client):
    client.post("/register", data=GOOD)
    sent = _outbox(app, "signup_code")
    assert [m.address for m in sent] == ["0987654321"]
    with app.app_context():
        stored = db.session.scalar(select(OneTimeCode))
        assert _last_code(app) not in stored.code_hash and len(stored.code_hash) == 64
    response = client.post("/register/code", data={"code": _last_code(app)})
    assert response.status_code == 302 and response.location.endswith("/me/")
    with app.app_context():
        profile = db.session.scalar(select(CandidateProfile))
        assert profile.self_registered and profile.user.phone == "0987654321"
        assert profile.ward_code == UONG_BI[1]


def test_an_expired_code_is_refused(app, client):
    client.post("/register", data=GOOD)
    with app.app_context():
        db.session.execute(update(OneTimeCode).values(expires_at=clock.now() - timedelta(seconds=1)))
        db.session.commit()
    page = client.post("/register/code", data={"code": _last_code(app)}).get_data(as_text=True)
    assert "Mã này đã hết hạn" in page
    assert _users(app) == 0


def test_a_code_works_once(app, client):
    client.post("/register", data=GOOD)
    code = _last_code(app)
    with client.session_transaction() as session:
        code_id = session["signup_code_id"]
    client.post("/register/code", data={"code": code})
    client.post("/logout")
    with client.session_transaction() as session:
        session["signup_code_id"] = code_id
    page = client.post("/register/code", data={"code": code}).get_data(as_text=True)
    assert "không dùng được nữa" in page
    assert _users(app) == 1


def test_five_wrong_tries_use_the_code_up(app, client):
    client.post("/register", data=GOOD)
    code = _last_code(app)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        page = client.post("/register/code", data={"code": wrong}).get_data(as_text=True)
        assert f"Còn {left} lần thử" in page
    client.post("/register/code", data={"code": wrong})
    page = client.post("/register/code", data={"code": code}).get_data(as_text=True)
    assert "không dùng được nữa" in page
    assert _users(app) == 0


def test_three_sends_an_hour_per_number(app):
    statuses = [app.test_client().post("/register", data=GOOD,
                                       environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
                for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(_outbox(app, "signup_code")) == 3


def test_three_sends_an_hour_per_address(app):
    statuses = [app.test_client().post("/register", data={**GOOD, "phone": f"098765432{n}"},
                                       environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code
                for n in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_a_new_code_replaces_the_old_one_and_counts_as_a_send(app, client):
    client.post("/register", data=GOOD)
    old = _last_code(app)
    client.post("/register/code/new")
    new = _last_code(app)
    assert len(_outbox(app, "signup_code")) == 2
    if old != new:
        page = client.post("/register/code", data={"code": old}).get_data(as_text=True)
        assert "Mã không đúng" in page
    assert client.post("/register/code", data={"code": new}).status_code == 302
    assert _users(app) == 1


def test_two_sign_ups_of_one_number_finishing_one_after_the_other_make_one_account(app):
    first, second = app.test_client(), app.test_client()
    first.post("/register", data=GOOD, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    first_code = _last_code(app)
    # The second sign-up is made by hand: the form would expire the first code.
    with app.app_context():
        from marketplace.services import otp

        row = otp.issue("0987654321", "10.0.0.2", "222222",
                        dict(db.session.scalars(select(OneTimeCode)).first().payload))
        db.session.execute(update(OneTimeCode).values(expires_at=clock.now() + timedelta(minutes=5)))
        db.session.commit()
        second_id = row.id
    with second.session_transaction() as session:
        session["signup_code_id"] = second_id
    assert first.post("/register/code", data={"code": first_code}).status_code == 302
    response = second.post("/register/code", data={"code": "222222"})
    assert response.status_code == 200 and "đã có tài khoản" in response.get_data(as_text=True)
    assert _users(app) == 1


def test_concurrent_identical_sign_ups_never_fail(app):
    def attempt(n):
        return app.test_client().post("/register", data=GOOD,
                                      environ_base={"REMOTE_ADDR": f"10.1.0.{n}"}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(attempt, range(6)))
    assert all(s in (302, 429) for s in statuses) and 302 in statuses


def test_the_development_outbox_shows_the_code_only_in_debug_or_demo(app, client):
    client.post("/register", data=GOOD)
    assert _last_code(app) in client.get("/dev/outbox").get_data(as_text=True)
    assert "/dev/outbox" in client.get("/register/code").get_data(as_text=True)
    app.config["DEMO_MODE"] = False
    assert client.get("/dev/outbox").status_code == 404
    assert "/dev/outbox" not in client.get("/register/code").get_data(as_text=True)
