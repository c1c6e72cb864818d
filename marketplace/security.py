"""Request ids, response headers, the session interface and the client's address."""
from __future__ import annotations

import uuid

from flask import Flask, abort, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
# Endpoints that neither read the signed-in user nor write a session cookie: what a load
# balancer polls every few seconds must not load a user or refresh a permanent session.
SESSIONLESS_ENDPOINTS = frozenset({"public.healthz"})


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, left untouched on the sessionless endpoints."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint in SESSIONLESS_ENDPOINTS:
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.before_request(_start_request)
    app.before_request(_refuse_nul_in_query)
    app.after_request(_set_headers)


def _sessionless() -> bool:
    return request.endpoint in SESSIONLESS_ENDPOINTS


def _refuse_nul_in_query() -> None:
    """No query string needs a NUL, and PostgreSQL refuses one in any text: a 400, before a view
    passes it to a search (forms and API bodies drop NUL themselves)."""
    if "\x00" in request.query_string.decode("latin-1") or "%00" in request.query_string.decode("latin-1"):
        abort(400)


def _start_request() -> None:
    g.request_id = uuid.uuid4().hex
    if _sessionless():
        return
    # Load the signed-in user now, before the view writes anything: the loader checks the
    # session's lifetimes and commits its "last seen" (services/sessions.py).
    current_user.is_authenticated  # noqa: B018


def _set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if getattr(g, "request_id", None):
        headers.setdefault("X-Request-Id", g.request_id)
    # A signed-in page, an API answer to a bearer token (personal data) or a health check: no
    # cache may keep it.
    if _sessionless() or current_user.is_authenticated or g.get("api_user") is not None:
        headers["Cache-Control"] = "no-store"
    if not current_app.debug and not current_app.testing:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def client_ip() -> str:
    # Behind a reverse proxy, ProxyFix (configured by the deployment) sets remote_addr.
    return (request.remote_addr or "unknown")[:45]
