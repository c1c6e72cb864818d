"""Holes found in the foundation (issue 12), each with a test that failed before its fix."""
from __future__ import annotations

import stat

import pytest
from sqlalchemy.exc import IntegrityError

from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import User


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_short_secret_key_is_refused_outside_development(tmp_path):
    with pytest.raises(RuntimeError, match="32 bytes"):
        create_app({"SECRET_KEY": "short"}, instance_path=str(tmp_path))
    assert create_app({"SECRET_KEY": "short", "TESTING": True}, instance_path=str(tmp_path / "t"))


def test_instance_files_are_readable_by_their_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    app = create_app(instance_path=str(instance))
    with app.app_context():
        db.create_all()
        db.session.execute(db.select(User).limit(1))
    assert _mode(instance) == 0o700
    assert _mode(instance / "config.py") == 0o600
    assert _mode(instance / "loive.sqlite3") == 0o600


def test_a_database_error_never_carries_the_values(app):
    with app.app_context():
        for _ in range(2):
            db.session.add(User(role="admin", full_name="SENTINEL-NAME", password_hash="SENTINEL-HASH",
                                email="same@example.vn"))
        with pytest.raises(IntegrityError) as failed:
            db.session.commit()
        db.session.rollback()
    # The bound values are hidden. (PostgreSQL's own DETAIL still names the duplicate key; the
    # error log's redaction of that is left to the security issue.)
    assert "SENTINEL" not in str(failed.value)


def test_an_unknown_login_costs_the_same_password_check(app, make_user, monkeypatch):
    from marketplace.services import accounts

    checked = []
    real = accounts.verify_password
    monkeypatch.setattr(accounts, "verify_password", lambda h, p: checked.append(h) or real(h, p))
    with app.app_context():
        assert accounts.authenticate("0999999999", "a wrong password", "127.0.0.1") is None
        db.session.rollback()
    assert len(checked) == 1 and checked[0].startswith("$argon2id$")


def test_req_03_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(app_config):
    from marketplace.security import client_ip

    app = create_app({**app_config, "TRUSTED_PROXIES": 1})
    seen = {}

    @app.get("/whoami")
    def whoami():
        seen["ip"] = client_ip()
        return "ok"

    app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.7"},
                          environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert seen["ip"] == "203.0.113.7"


def test_req_16_csrf_tokens_expire_after_a_working_day(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 8 * 3600
