"""Fixtures: a fresh database per test (SQLite file, or PostgreSQL when TEST_DATABASE_URL is set)."""
from __future__ import annotations

import os
from itertools import count

import pytest
from sqlalchemy import text

from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import CandidateProfile, Position
from marketplace.services import accounts

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
PASSWORD = "a quiet river at dawn"

# Two communes of Quảng Ninh (Uông Bí) and one of Ninh Bình (Phủ Lý): real 2025 codes.
UONG_BI = (22, 6811)
VANG_DANH = (22, 6820)
PHU_LY = (37, 13291)


def _reset(app) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            db.session.commit()
        else:
            db.drop_all()


@pytest.fixture(scope="session", autouse=True)
def _postgres_schema():
    """On PostgreSQL, start from a clean schema once; each test then truncates."""
    if TEST_DATABASE_URL:
        app = create_app(_config(TEST_DATABASE_URL))
        with app.app_context():
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
            db.drop_all()
            db.create_all()
            db.engine.dispose()
    yield


def _config(uri: str, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-of-at-least-32-bytes",
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
        "DEMO_MODE": True,
        "SESSION_COOKIE_SECURE": False,
        **extra,
    }


@pytest.fixture
def app_config(tmp_path) -> dict:
    """Settings for the test app; a test may change them before asking for `app`."""
    # Models come from the test's own folder, never from the project's instance/ (a model trained
    # by `make run` there must not change what tests see).
    return _config(TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}",
                   MODELS_DIR=str(tmp_path / "models"))


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        db.create_all()
    yield app
    _reset(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


_serial = count(1)


@pytest.fixture
def make_user(app):
    """Create a user of a role (with what the role needs) and return its id."""

    def make(role: str, *, place=UONG_BI, areas=(UONG_BI,), employer_id=None, active=True) -> int:
        n = next(_serial)
        with app.app_context():
            if role == "candidate":
                user = accounts.register_candidate(f"Ứng viên {n}", f"09120{n:05d}", PASSWORD, *place)
            elif role == "caseworker":
                user = accounts.create_caseworker(
                    f"Cán bộ {n}", f"canbo{n}@example.vn", PASSWORD, "police", "",
                    [accounts.Area(*a) for a in areas])
            elif role == "employer":
                user = accounts.register_employer(
                    f"Nhân sự {n}", f"hr{n}@example.vn", PASSWORD, f"Công ty {n}", "quarry",
                    f"{1000000000 + n}", *place)
            elif role == "admin":
                user = accounts.create_admin(f"Quản trị {n}", f"admin{n}@example.vn", PASSWORD)
            else:
                raise ValueError(role)
            user.active = active
            db.session.commit()
            return user.id

    return make


def login_name(app, user_id: int) -> str:
    """The phone or e-mail a user signs in with."""
    from marketplace.models import User

    with app.app_context():
        return db.session.get(User, user_id).login


@pytest.fixture
def login(client, app):
    """Log the test client in as a user id; returns the response."""

    def do(user_id: int, password: str = PASSWORD):
        return client.post("/login", data={"login": login_name(app, user_id), "password": password})

    return do


@pytest.fixture
def as_user(app, client):
    """`as_user(user_id, locale="vi")`: the test client signed in as that user, in that language
    (whoever was in is signed out first); returns the client."""
    from marketplace.models import User

    def sign_in(user_id: int, locale: str = "vi"):
        client.post("/logout")
        with app.app_context():
            user = db.session.get(User, user_id)
            user.locale = locale
            login = user.login
            db.session.commit()
        response = client.post("/login", data={"login": login, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in


@pytest.fixture
def client_as(app):
    """`client_as(user_id)`: another test client (a second browser), signed in as that user."""

    def make(user_id: int):
        other = app.test_client()
        response = other.post("/login", data={"login": login_name(app, user_id), "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return other

    return make


@pytest.fixture
def token(app, client):
    """API headers for a user id: a bearer token through POST /api/v1/tokens, and the language
    asked for."""

    def get(user_id: int, language: str = "vi") -> dict:
        response = client.post("/api/v1/tokens", json={"login": login_name(app, user_id), "password": PASSWORD})
        assert response.status_code == 201, response.get_data(as_text=True)
        return {"Authorization": f"Bearer {response.json['token']}", "Accept-Language": language}

    return get


@pytest.fixture
def api(client):
    """`api(method, path, headers, **kwargs)`: a request to /api/v1<path>."""

    def call(method: str, path: str, headers: dict, **kwargs):
        return client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    return call


@pytest.fixture
def make_candidate(app):
    """A profile made by a caseworker (not yet claimed) in a commune; returns its id."""

    def make(place=UONG_BI, **fields) -> int:
        with app.app_context():
            profile = CandidateProfile(full_name=fields.pop("full_name", "Nguyễn Văn Hùng"),
                                       province_code=place[0], ward_code=place[1], **fields)
            db.session.add(profile)
            db.session.commit()
            return profile.id

    return make


@pytest.fixture
def make_position(app):
    def make(employer_id: int, place=UONG_BI, **fields) -> int:
        with app.app_context():
            position = Position(employer_id=employer_id, title=fields.pop("title", "Công nhân khai thác đá"),
                                sector=fields.pop("sector", "quarry"), province_code=place[0],
                                ward_code=place[1], **fields)
            db.session.add(position)
            db.session.commit()
            return position.id

    return make


@pytest.fixture
def employer_of(app):
    """The employer id of an employer user."""
    from marketplace.models import User

    def find(user_id: int) -> int:
        with app.app_context():
            return db.session.get(User, user_id).membership.employer_id

    return find


# --- the referral pipeline's cast -------------------------------------------------------------

class Cast:
    """Ids of the people and places of one small programme, for pipeline tests."""

    def __init__(self, **ids):
        self.__dict__.update(ids)


@pytest.fixture
def cast(app, make_user, employer_of, make_position):
    """A caseworker of Uông Bí and one of Phủ Lý; a person in Uông Bí with an account; a verified
    quarry with a 5-seat job in Uông Bí; another company; an admin."""
    from marketplace.models import User
    from marketplace.services import accounts as account_service

    caseworker = make_user("caseworker", areas=(UONG_BI,))
    other_caseworker = make_user("caseworker", areas=(PHU_LY,))
    candidate_user = make_user("candidate", place=UONG_BI)
    employer_user = make_user("employer")
    other_employer_user = make_user("employer")
    admin = make_user("admin")
    employer, other_employer = employer_of(employer_user), employer_of(other_employer_user)
    with app.app_context():
        admin_user = db.session.get(User, admin)
        for user_id in (employer_user, other_employer_user):
            account_service.verify_employer(db.session.get(User, user_id).membership.employer, admin_user)
        candidate = db.session.get(User, candidate_user).candidate
        candidate.skills = ["stone_cutting"]
        candidate.caseworker_id = caseworker
        candidate_id = candidate.id
        db.session.commit()
    position = make_position(employer, UONG_BI, seats=5, required_skills=["stone_cutting"])
    return Cast(caseworker=caseworker, other_caseworker=other_caseworker, candidate_user=candidate_user,
                candidate=candidate_id, employer_user=employer_user, employer=employer,
                other_employer_user=other_employer_user, other_employer=other_employer, admin=admin,
                position=position)


@pytest.fixture
def give_consent(app):
    """Record the person's consent to share their profile with a company (a signed paper form)."""
    from marketplace.models import Consent

    def give(candidate_id: int, employer_id: int, purpose: str = "employer") -> None:
        with app.app_context():
            db.session.add(Consent(candidate_id=candidate_id, purpose=purpose, employer_id=employer_id,
                                   notice_version="2026-01", reference="GIAY-01"))
            db.session.commit()

    return give


# --- the candidate's side --------------------------------------------------------------------

@pytest.fixture
def sign_up(client, app):
    """Sign a person up through the pages: the form, then the code read from the outbox.
    Returns the response of the code step."""
    from sqlalchemy import select

    from marketplace.models import OutboxMessage

    def do(data: dict):
        client.post("/register", data=data)
        with app.app_context():
            sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "signup_code")
                                      .order_by(OutboxMessage.id.desc())).first()
            code = sent.params["code"]
        return client.post("/register/code", data={"code": code})

    return do


class _Clock:
    """The project clock (marketplace.clock.now) held still, moved on by the test."""

    def __init__(self, start):
        self.moment = start

    def __call__(self):
        return self.moment

    def advance(self, **delta):
        from datetime import timedelta

        self.moment += timedelta(**delta)


@pytest.fixture
def clock_at(monkeypatch):
    """Time stands still until `clock_at.advance(minutes=31)`: lifetimes tested without sleeping."""
    from marketplace import clock

    fake = _Clock(clock.now())
    monkeypatch.setattr(clock, "now", fake)
    return fake
