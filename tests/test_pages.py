"""Headers, error pages, the language switch and the catalogue [SECURITY 16, 17, 19]."""
import pytest
from babel.messages.pofile import read_po
from flask import Blueprint

from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import User

from .conftest import _config


def test_landing_page_is_vietnamese_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Việc làm và học nghề cho một khởi đầu mới" in page


def test_the_switch_to_english_is_remembered_by_cookie(client):
    response = client.post("/language", data={"lang": "en", "next": "/login"})
    assert response.location == "/login"
    assert client.get_cookie("lang").value == "en"
    page = client.get("/").get_data(as_text=True)
    assert "Work and training for a fresh start" in page
    client.post("/language", data={"lang": "vi"})
    assert "Việc làm và học nghề" in client.get("/").get_data(as_text=True)


def test_the_switch_is_remembered_on_the_account(app, client, make_user, login):
    uid = make_user("candidate")
    login(uid)
    client.post("/language", data={"lang": "en"})
    with app.app_context():
        assert db.session.get(User, uid).locale == "en"
    other = app.test_client()
    other.post("/login", data={"login": "0912000000", "password": "x"})  # a stranger stays Vietnamese
    assert "Đăng nhập" in other.get("/login").get_data(as_text=True)


def test_an_unknown_language_changes_nothing(client):
    client.post("/language", data={"lang": "fr", "next": "https://evil.example"})
    assert client.get_cookie("lang") is None


def test_every_message_has_a_vietnamese_translation():
    with open("marketplace/translations/vi/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = read_po(f, locale="vi")
    untranslated = [m.id for m in catalogue if m.id and not (m.string if isinstance(m.string, str) else m.string[0])]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_the_site_answers_for_its_icon(client):
    """Browsers ask for /favicon.ico whatever the page links: a 404 there is a console error on every page."""
    for url in ("/favicon.ico", "/static/favicon.svg"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data
    assert 'rel="icon"' in client.get("/").get_data(as_text=True)


def test_req_17_security_headers_are_set(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert headers["X-Request-Id"]


def test_req_17_logged_in_pages_are_not_cached(client, make_user, login):
    login(make_user("candidate"))
    assert client.get("/me/").headers["Cache-Control"] == "no-store"


def test_req_17_hsts_outside_development(tmp_path):
    app = create_app({"SECRET_KEY": "t" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    assert "max-age" in app.test_client().get("/").headers["Strict-Transport-Security"]


def test_req_19_not_found_is_a_friendly_page_with_a_reference(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in response.get_data(as_text=True)
    assert response.headers["X-Request-Id"] in response.get_data(as_text=True)


def test_req_19_a_crash_shows_no_traceback(app_config, tmp_path):
    app = create_app({**app_config, "TESTING": False, "DEMO_MODE": False, "PROPAGATE_EXCEPTIONS": False},
                     instance_path=str(tmp_path))
    boom = Blueprint("boom", __name__)

    @boom.get("/boom")
    def explode():
        raise ZeroDivisionError("secret detail")

    app.register_blueprint(boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "secret detail" not in page and "Traceback" not in page
    assert response.headers["X-Request-Id"] in page


@pytest.fixture
def csrf_client(tmp_path):
    import os

    uri = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'csrf.sqlite3'}"
    app = create_app(_config(uri, WTF_CSRF_ENABLED=True))
    with app.app_context():
        db.create_all()
    yield app.test_client()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            db.drop_all()
        db.engine.dispose()


def test_req_16_state_changes_need_the_csrf_token(csrf_client):
    response = csrf_client.post("/language", data={"lang": "en"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert csrf_client.post("/login", data={"login": "0912345678", "password": "x"}).status_code == 400


def test_req_16_forms_carry_the_csrf_token(csrf_client):
    import re

    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post("/language", data={"lang": "en", "csrf_token": token})
    assert response.status_code == 302
