"""Lối Về: the Flask application factory."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, Mapping

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: config layers, extensions, blueprints, CLI, error handlers."""
    app = Flask(__name__, instance_relative_config=True, template_folder="../templates",
                instance_path=instance_path)
    _configure(app, test_config)

    from . import auth, cli, database, errors, i18n, security, templating
    from .converters import IdConverter
    from .extensions import csrf, db, migrate

    app.url_map.converters["id"] = IdConverter
    # A plain <int:...> is bounded the same way: no route can pass a huge number to the database.
    app.url_map.converters["int"] = IdConverter
    db.init_app(app)
    database.init_app(app)  # a forked worker starts with empty pools [SECURITY 27]
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    from . import api

    api.init_app(app)

    from .accounts import bp as accounts_bp
    from .admin import bp as admin_bp
    from .candidate import bp as candidate_bp
    from .caseworker import bp as caseworker_bp
    from .admin.imports import bp as imports_bp
    from .admin.verification import bp as verification_bp
    from .employer import bp as employer_bp, public_bp as employer_public_bp
    from .inbox import bp as inbox_bp
    from .public import bp as public_bp
    from .referrals import bp as referrals_bp
    from .reports import bp as reports_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(candidate_bp, url_prefix="/me")
    app.register_blueprint(caseworker_bp, url_prefix="/casework")
    app.register_blueprint(employer_bp, url_prefix="/employer")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(referrals_bp, url_prefix="/referrals")
    app.register_blueprint(reports_bp, url_prefix="/reports")
    app.register_blueprint(inbox_bp, url_prefix="/notifications")
    app.register_blueprint(employer_public_bp)
    app.register_blueprint(verification_bp, url_prefix="/verification")
    app.register_blueprint(imports_bp, url_prefix="/imports")

    from .services import ranking
    ranking.init_app(app)  # the ranking model is loaded as the worker starts
    return app


def _configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Defaults -> instance/config.py -> FLASK_* and DATABASE_URL environment -> test mapping."""
    app.config.from_object("marketplace.config")
    instance = Path(app.instance_path)
    # Only the account that runs the app may read the instance folder: config, database, models.
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / app.config['SQLITE_FILENAME']}"
    app.config["MODELS_DIR"] = str(instance / "models")
    app.config["BACKUP_DIR"] = str(instance / "backups")
    if test_config is None:
        _ensure_instance_config(instance / "config.py")
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("FLASK")
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    else:
        app.config.from_mapping(test_config)
    if app.debug:
        # Plain http on 127.0.0.1 during development; production keeps Secure cookies.
        app.config["SESSION_COOKIE_SECURE"] = False
    if app.config["DEMO_MODE"] and not (app.debug or app.testing):
        raise RuntimeError("DEMO_MODE is refused outside debug/development [SECURITY 4].")
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: put it in instance/config.py.")
    key = app.config["SECRET_KEY"]
    if not (app.debug or app.testing) and len(key.encode() if isinstance(key, str) else key) < app.config["SECRET_KEY_MIN_BYTES"]:
        raise RuntimeError("SECRET_KEY is shorter than 32 bytes: use secrets.token_hex(32).")
    if app.config.get("FIELD_KEY"):
        from .field_crypto import parse_key

        parse_key(app.config["FIELD_KEY"])  # a wrong key or a missing library stops the start
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _ensure_instance_config(path: Path) -> None:
    """On first run, write a per-deployment config with a random secret key."""
    if path.exists():
        return
    text = ("# Per-deployment settings; never commit this file.\n"
            f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
            "# SQLALCHEMY_DATABASE_URI = 'postgresql+psycopg://user@host/loive'\n")
    # Created readable by its owner only: it holds the key that signs every session.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
