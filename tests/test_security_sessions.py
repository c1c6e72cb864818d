"""Sessions [SECURITY 5-7]: one row per login with its own token, rotated at login; absolute and
idle lifetimes per role on the project clock; the account's devices listed and ended one by one
or all at once; removal and deactivation end them at once."""
from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import EmployerMember, User, UserSession

from .conftest import PASSWORD

HOMES = {"candidate": "/me/", "caseworker": "/casework/", "employer": "/employer/", "admin": "/admin/"}


def _device(app, uid: int, agent: str = "Mozilla/5.0 (Android 14) Chrome/130", ip: str = "198.51.100.5"):
    device = app.test_client()
    with app.app_context():
        name = db.session.get(User, uid).login
    response = device.post("/login", data={"login": name, "password": PASSWORD},
                           headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": ip})
    assert response.status_code == 302
    return device


def _in(device, role: str) -> bool:
    response = device.get(HOMES[role])
    assert response.status_code in (200, 302)
    return response.status_code == 200


def _rows(app, uid: int) -> list[UserSession]:
    with app.app_context():
        return db.session.scalars(select(UserSession).where(UserSession.user_id == uid)
                                  .order_by(UserSession.id)).all()


def test_req_05_each_login_is_its_own_session_with_device_and_address(app, make_user):
    uid = make_user("caseworker")
    phone = _device(app, uid, "Phone browser", "198.51.100.5")
    laptop = _device(app, uid, "Laptop browser", "198.51.100.6")
    rows = _rows(app, uid)
    assert [(r.user_agent, r.ip) for r in rows] == [("Phone browser", "198.51.100.5"),
                                                     ("Laptop browser", "198.51.100.6")]
    assert rows[0].token_hash != rows[1].token_hash
    with phone.session_transaction() as a, laptop.session_transaction() as b:
        assert a["_user_id"] != b["_user_id"]
        assert a["_user_id"] not in {r.token_hash for r in rows}  # only the hash is stored


def test_req_05_the_session_token_is_rotated_at_every_login(app, make_user):
    uid = make_user("candidate")
    device = _device(app, uid)
    with device.session_transaction() as s:
        first = s["_user_id"]
    device.post("/logout")
    device.post("/login", data={"login": db_login(app, uid), "password": PASSWORD})
    with device.session_transaction() as s:
        assert s["_user_id"] != first
    replay = app.test_client()
    with replay.session_transaction() as s:
        s["_user_id"] = first
        s["_fresh"] = True
    assert not _in(replay, "candidate")


def db_login(app, uid: int) -> str:
    with app.app_context():
        return db.session.get(User, uid).login


def test_req_07_staff_sessions_end_after_12_hours_however_active(app, make_user, clock_at):
    uid = make_user("caseworker")
    device = _device(app, uid)
    for _ in range(24):  # active every 29 minutes: 11 h 36 min
        clock_at.advance(minutes=29)
        assert _in(device, "caseworker")
    clock_at.advance(minutes=29)  # 12 h 5 min after the login
    assert not _in(device, "caseworker")
    assert _rows(app, uid) == []  # the expired session is gone, not just refused


def test_req_07_staff_sessions_end_after_30_idle_minutes(app, make_user, clock_at):
    uid = make_user("employer")
    device = _device(app, uid)
    clock_at.advance(minutes=29)
    assert _in(device, "employer")
    clock_at.advance(minutes=30, seconds=1)
    assert not _in(device, "employer")


def test_req_07_candidates_last_30_days_and_7_idle_days(app, make_user, clock_at):
    uid = make_user("candidate")
    idle = _device(app, uid)
    busy = _device(app, uid)
    clock_at.advance(days=6, hours=23)
    assert _in(busy, "candidate")
    clock_at.advance(hours=1, seconds=1)
    assert not _in(idle, "candidate")  # 7 days without a visit
    for _ in range(3):
        assert _in(busy, "candidate")
        clock_at.advance(days=6)
    assert _in(busy, "candidate")  # 25 days after the login, visited every 6 days
    clock_at.advance(days=5)
    assert not _in(busy, "candidate")  # 30 days after the login, however active


def test_req_06_the_account_page_lists_devices_and_logs_one_out(app, make_user):
    uid = make_user("employer")
    phone = _device(app, uid, "Phone browser")
    laptop = _device(app, uid, "Laptop browser")
    page = laptop.get("/account/sessions").data.decode()
    assert "Phone browser" in page and "Laptop browser" in page
    phone_row = _rows(app, uid)[0]
    assert laptop.post(f"/account/sessions/{phone_row.id}/end").status_code == 302
    assert not _in(phone, "employer")
    assert _in(laptop, "employer")


def test_req_06_log_out_everywhere_else_keeps_this_device(app, make_user):
    uid = make_user("admin")
    others = [_device(app, uid, f"Browser {n}") for n in range(3)]
    here = _device(app, uid, "This one")
    assert here.post("/account/sessions/end-others").status_code == 302
    assert [_in(d, "admin") for d in others] == [False, False, False]
    assert _in(here, "admin")
    assert [r.user_agent for r in _rows(app, uid)] == ["This one"]


def test_req_06_nobody_ends_another_users_session(app, make_user):
    victim, stranger = make_user("caseworker"), make_user("caseworker")
    victim_device = _device(app, victim)
    stranger_device = _device(app, stranger)
    victim_row = _rows(app, victim)[0]
    assert stranger_device.post(f"/account/sessions/{victim_row.id}/end").status_code == 404
    assert _in(victim_device, "caseworker")


def test_req_06_logging_out_ends_this_device_only(app, make_user):
    uid = make_user("candidate")
    phone, shared = _device(app, uid), _device(app, uid)
    shared.post("/logout")
    assert not _in(shared, "candidate")
    assert _in(phone, "candidate")


def test_req_06_removing_a_company_member_ends_their_sessions_at_once(app, make_user, employer_of):
    owner, member = make_user("employer"), make_user("employer")
    with app.app_context():
        joined = db.session.get(EmployerMember, member)
        joined.employer_id, joined.role = employer_of(owner), "member"
        db.session.commit()
    member_devices = [_device(app, member), _device(app, member)]
    owner_device = _device(app, owner)
    assert owner_device.post(f"/employer/members/{member}/remove").status_code == 302
    assert [_in(d, "employer") for d in member_devices] == [False, False]
    assert _rows(app, member) == []


def test_req_06_deactivating_a_caseworker_ends_every_device(app, make_user, login, client):
    from .conftest import UONG_BI

    officer = make_user("caseworker", areas=(UONG_BI,))
    devices = [_device(app, officer), _device(app, officer)]
    login(make_user("admin"))
    client.post(f"/admin/caseworkers/{officer}", data={
        "province": UONG_BI[0], "wards": [UONG_BI[1]], "agency": "police"})  # "active" unticked
    assert [_in(d, "caseworker") for d in devices] == [False, False]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)
                                 .where(UserSession.user_id == officer)) == 0


def test_req_07_expired_sessions_are_purged(app, make_user, clock_at):
    from marketplace.services import sessions

    staff, person = make_user("caseworker"), make_user("candidate")
    _device(app, staff)
    _device(app, person)
    clock_at.advance(hours=13)
    with app.app_context():
        assert sessions.purge() == 1  # the caseworker's, past 12 h; the candidate's lives on
        db.session.commit()
    assert [r.user_id for r in _rows(app, staff) + _rows(app, person)] == [person]
