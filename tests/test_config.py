"""Config in layers: defaults -> instance/config.py -> environment -> test mapping."""
import pytest

from marketplace import create_app


def test_first_run_writes_an_instance_config_with_a_random_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(instance_path=str(tmp_path))
    written = (tmp_path / "config.py").read_text()
    assert "SECRET_KEY" in written
    assert len(app.config["SECRET_KEY"]) >= 32
    other = tmp_path / "other"
    assert create_app(instance_path=str(other)).config["SECRET_KEY"] != app.config["SECRET_KEY"]


def test_sqlite_in_the_instance_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'loive.sqlite3'}"


def test_instance_config_overrides_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-file-a-long-enough-secret-key-0123456789'\nPAGE_SIZE = 7\n")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-file-a-long-enough-secret-key-0123456789"
    assert app.config["PAGE_SIZE"] == 7


def test_environment_overrides_instance_config(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-file-a-long-enough-secret-key-0123456789'\nPAGE_SIZE = 7\n")
    monkeypatch.setenv("FLASK_PAGE_SIZE", "9")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://someone@db.example/loive")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["PAGE_SIZE"] == 9
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/loive"


def test_test_mapping_wins_and_skips_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_PAGE_SIZE", "9")
    app = create_app({"SECRET_KEY": "t", "PAGE_SIZE": 3, "TESTING": True}, instance_path=str(tmp_path))
    assert app.config["PAGE_SIZE"] == 3


def test_req_04_demo_mode_is_refused_outside_development(tmp_path):
    with pytest.raises(RuntimeError, match="DEMO_MODE"):
        create_app({"SECRET_KEY": "t", "DEMO_MODE": True}, instance_path=str(tmp_path))


def test_req_05_cookies_are_secure_outside_development(tmp_path):
    app = create_app({"SECRET_KEY": "t" * 32}, instance_path=str(tmp_path))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] > 0
