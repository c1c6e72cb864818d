from flask import current_app, jsonify, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import locations
from ..auth import home_url_for, safe_next
from ..extensions import db
from ..i18n import LOCALE_COOKIE
from . import bp


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    return render_template("public/index.html")


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links; one small SVG answers."""
    return current_app.send_static_file("favicon.svg")


@bp.post("/language")
def set_language():
    """Remembered on the account when signed in, in a cookie otherwise."""
    lang = request.form.get("lang", "")
    target = safe_next(request.form.get("next")) or url_for("public.index")
    response = make_response(redirect(target))
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(LOCALE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return response


@bp.get("/places/<int:province>/wards")
def wards(province: int):
    """The communes of a province, for the progressive enhancement of the place selects."""
    return jsonify([{"code": code, "name": name} for code, name in locations.wards_of(province)])


@bp.get("/healthz")
def healthz():
    """What a load balancer polls: the database answers a `SELECT 1`. No session, no template."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Health check: the database did not answer")
        return jsonify(status="unavailable", reason="database"), 503
    return jsonify(status="ok")
