"""Small pieces the API's views share: pages of a query, refusals from the services."""
from __future__ import annotations

from flask import Response, json
from sqlalchemy import Select, func, select

from ..extensions import db
from ..services import referrals
from .problems import problem


def paged(query: Select, args: dict) -> tuple[list, dict]:
    """One page of a scoped query and the list envelope's numbers."""
    page, per_page = args["page"], args["per_page"]
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return items, {"page": page, "per_page": per_page, "total": total}


def json_response(body, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def refused(error: referrals.ReferralError) -> Response:
    """A service's refusal as problem+json: 404 out of scope, 422 bad input, 409 otherwise."""
    db.session.rollback()
    if isinstance(error, referrals.NotFound):
        return problem(404)
    if isinstance(error, referrals.InvalidInput):
        field = error.details.get("field", "_")
        return problem(422, "validation", str(error.message), errors={field: [str(error.message)]})
    extra = {"id": error.details["existing_id"]} if "existing_id" in error.details else {}
    return problem(409, error.code, str(error.message), **extra)
