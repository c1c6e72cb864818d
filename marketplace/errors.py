"""Generic error pages with a request id; no tracebacks outside debug [SECURITY 19]."""
from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from .extensions import db


def init_app(app: Flask) -> None:
    for code in (400, 401, 403, 404, 405, 413, 415, 422, 429):
        app.register_error_handler(code, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(500, _server_error)


def _page(code: int, message: str):
    return render_template("errors/error.html", code=code, message=message,
                           request_id=getattr(g, "request_id", "")), code


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _http_error(error):
    if _is_api():
        from .api.problems import problem, translate_errors

        data = getattr(error, "data", None) or {}
        if error.code == 422 and "messages" in data:
            return problem(422, "validation", errors=translate_errors(data["messages"]))
        return problem(error.code)
    messages = {
        400: _("The request could not be understood."),
        403: _("You do not have access to this page."),
        404: _("We could not find that page."),
        405: _("That action is not allowed here."),
        413: _("The file is too large."),
        415: _("The request could not be understood."),
        422: _("The request could not be understood."),
        429: _("Too many attempts. Please wait a few minutes and try again."),
    }
    return _page(error.code, messages.get(error.code, _("Something went wrong.")))


def _csrf_error(_error):
    return _page(400, _("Your form expired. Please go back, reload the page and try again."))


def _server_error(_error):
    # The request's transaction may be half done: never commit what it left behind.
    db.session.rollback()
    current_app.logger.exception("Unhandled error on %s (request %s)", request.path,
                                 getattr(g, "request_id", "-"))
    if _is_api():
        from .api.problems import problem

        return problem(500, detail=str(getattr(g, "request_id", "")))
    return _page(500, _("Something went wrong on our side. Please try again later."))
