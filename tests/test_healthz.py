"""GET /healthz: what a load balancer polls, and the page benchmark's baseline."""
from __future__ import annotations

from marketplace import create_app

from .conftest import PASSWORD, _config


def test_healthz_answers_ok_as_json_without_a_session_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.mimetype == "application/json"
    assert "Set-Cookie" not in response.headers


def test_healthz_neither_refreshes_nor_reads_a_signed_in_session(app, client, make_user):
    user_id = make_user("caseworker")
    with app.app_context():
        from marketplace.extensions import db
        from marketplace.models import User
        login = db.session.get(User, user_id).email
    client.post("/login", data={"login": login, "password": PASSWORD})
    assert "Set-Cookie" in client.get("/casework/").headers  # a permanent session: refreshed on pages
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_healthz_is_503_with_a_json_body_when_the_database_does_not_answer(tmp_path):
    # A SQLite file in a folder that does not exist: every connection fails.
    app = create_app(_config(f"sqlite:///{tmp_path / 'missing' / 'no.sqlite3'}",
                             MODELS_DIR=str(tmp_path / "models")))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": "database"}
    assert "Set-Cookie" not in response.headers
