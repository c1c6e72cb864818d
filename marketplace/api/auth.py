"""Bearer-token sign-in for the API. Cookies are never accepted here, so no CSRF token is needed."""
from __future__ import annotations

from functools import wraps

from flask import g, request

from ..models import User
from ..services import api_tokens
from .problems import problem

ALL_ROLES = ("candidate", "caseworker", "employer", "admin")


def bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def require(*roles: str):
    """The view needs a valid token; a role outside `roles` gets 403."""
    allowed = roles or ALL_ROLES

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            found = api_tokens.resolve(bearer() or "")
            if found is None:
                return problem(401)
            g.api_user, g.api_token = found
            if g.api_user.role not in allowed:
                return problem(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def actor() -> User:
    return g.api_user
