from flask import g

from .. import audit
from ..extensions import db
from ..security import client_ip
from ..services import accounts, api_tokens
from . import blp
from .auth import require
from .problems import problem
from .schemas import TokenIn, TokenOut


@blp.route("/tokens", methods=["POST"])
@blp.arguments(TokenIn)
@blp.response(201, TokenOut)
@blp.doc(security=[])
def create_token(body):
    """Sign in: a token for `Authorization: Bearer`, under the same limits as the login page."""
    try:
        user = accounts.authenticate(body["login"], body["password"], client_ip())
    except accounts.TooManyAttempts:
        audit.failed_login(body["login"], refused=True)
        db.session.commit()
        return problem(429, "rate_limited")
    if user is None:
        audit.failed_login(body["login"])
        db.session.commit()
        return problem(401, "unauthorized", detail=None)
    token, row = api_tokens.issue(user)
    audit.record("api_login", "user", user.id, actor=user)
    db.session.commit()
    return {"token": token, "expires_at": row.expires_at, "role": user.role}


@blp.route("/tokens/current", methods=["DELETE"])
@require()
@blp.response(204)
def revoke_token():
    """Sign out this token."""
    api_tokens.revoke(g.api_token)
    db.session.commit()
    return None
