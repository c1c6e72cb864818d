from flask import g
from sqlalchemy import Select, select

from ..extensions import db
from ..models import CandidateProfile, Position, Referral
from ..scopes import candidates_in_care, positions_of_employer, referrals_visible_to
from ..services import exposure, ranking
from . import blp, present
from .auth import require
from .common import json_response, paged
from .problems import problem
from .schemas import (PageArgs, PositionIn, PositionOut, PositionPatch, RankedCandidateOut, ReferralOut,
                      SuggestionOut, page_of)


def positions_for(user) -> Select:
    """The positions a user may read: a company its own, a caseworker the open ones in their
    provinces, an admin all."""
    if user.role == "employer":
        return positions_of_employer(user)
    if user.role == "caseworker":
        provinces = {a.province_code for a in user.caseworker.areas} if user.caseworker else set()
        return ranking.open_positions_query().where(Position.province_code.in_(provinces))
    return select(Position)


def _position_or_none(position_id: int) -> Position | None:
    return db.session.scalar(positions_for(g.api_user).where(Position.id == position_id))


@blp.route("/positions", methods=["GET"])
@require("employer", "caseworker", "admin")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(PositionOut))
def list_positions(args):
    """Positions: a company's own; for a caseworker the open ones in their provinces; all for an admin."""
    items, numbers = paged(positions_for(g.api_user).order_by(Position.id.desc()), args)
    return json_response({"items": present.positions(items), **numbers})


@blp.route("/positions/<id:position_id>", methods=["GET"])
@require("employer", "caseworker", "admin")
@blp.response(200, PositionOut)
def get_position(position_id: int):
    found = _position_or_none(position_id)
    return problem(404) if found is None else json_response(present.position(found))


@blp.route("/positions/<id:position_id>/candidates", methods=["GET"])
@require("caseworker")
@blp.response(200, RankedCandidateOut(many=True))
def position_candidates(position_id: int):
    """The people of the caseload who fit an open position best, with reasons."""
    found = _position_or_none(position_id)
    if found is None:
        return problem(404)
    ranked = ranking.candidates_for(found, candidates_in_care(g.api_user))
    body = [{"candidate_id": r.profile.id, "name": r.profile.full_name, "score": r.match.score,
             "reasons": present.reasons(r.match)} for r in ranked]  # before the commit expires them
    exposure.record_candidates(g.api_user, "position_candidates", found.id, ranked)
    db.session.commit()
    return body


@blp.route("/positions/<id:position_id>/referrals", methods=["GET"])
@require("employer")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(ReferralOut))
def position_referrals(args, position_id: int):
    """Referrals sent to the company for one of its positions, with only the consented fields."""
    if _position_or_none(position_id) is None:
        return problem(404)
    query = referrals_visible_to(g.api_user).where(Referral.position_id == position_id).order_by(Referral.id)
    items, numbers = paged(query, args)
    return json_response({"items": [present.company_referral(r) for r in items], **numbers})


@blp.route("/candidates/<id:candidate_id>/suggestions", methods=["GET"])
@require("caseworker")
@blp.response(200, SuggestionOut(many=True))
def candidate_suggestions(candidate_id: int):
    """Suggested positions for a person of the caseload, with reasons."""
    profile = db.session.scalar(candidates_in_care(g.api_user).where(CandidateProfile.id == candidate_id))
    if profile is None:
        return problem(404)
    found = ranking.suggestions_for(profile)
    body = present.suggestions(found)  # before the commit, which would expire every row read
    exposure.record_positions(g.api_user, "caseworker_record", profile.id, found)
    db.session.commit()
    return body


# --- a company's own positions ---------------------------------------------------------------------

def _position_data(body: dict, base=None):
    """The service's PositionData from an API body, over a position's current values for PATCH."""
    from ..services.positions import PositionData

    data = PositionData.of(base) if base is not None else None
    values = {k: v for k, v in body.items() if k not in ("excluded_offences", "status")}
    if "excluded_offences" in body:
        values["exclusions"] = {e["code"]: e["justification"] for e in body["excluded_offences"]}
    if data is None:
        return PositionData(**values)
    for name, value in values.items():
        setattr(data, name, value)
    return data


def _position_refused(error):
    """A position rule broken (422 with the fields), or a step refused (409)."""
    db.session.rollback()
    names = {"ward": "ward_code", "exclusions": "excluded_offences"}
    errors = {}
    for field, message in error.errors.items():
        if not field:
            return problem(409, "transition_not_allowed", str(message))
        key = "excluded_offences" if field.startswith("why_") else names.get(field, field)
        errors.setdefault(key, []).append(str(message))
    return problem(422, "validation", errors=errors)


@blp.route("/positions", methods=["POST"])
@require("employer")
@blp.arguments(PositionIn)
@blp.response(201, PositionOut)
def create_position(body):
    """A new job or training seat; `"status": "open"` publishes it at once (a verified company)."""
    from ..services import positions as service

    employer = g.api_user.membership.employer if g.api_user.membership else None
    if employer is None:
        return problem(403)
    try:
        made = service.create(g.api_user, employer, _position_data(body))
        if body.get("status") == "open":
            service.change_status(g.api_user, made, "publish")
    except service.PositionError as error:
        return _position_refused(error)
    db.session.commit()
    return json_response(present.position(made), 201)


@blp.route("/positions/<id:position_id>", methods=["PATCH"])
@require("employer")
@blp.arguments(PositionPatch)
@blp.response(200, PositionOut)
def patch_position(body, position_id: int):
    """Change any field; seats never below the people already hired."""
    from ..services import positions as service

    found = _position_or_none(position_id)
    if found is None:
        return problem(404)
    try:
        service.update_position(g.api_user, found, _position_data(body, found))
    except service.PositionError as error:
        return _position_refused(error)
    db.session.commit()
    return json_response(present.position(found))


@blp.route("/positions/<id:position_id>/close", methods=["POST"])
@require("employer")
@blp.response(200, PositionOut)
def close_position(position_id: int):
    """Close a position: it is no longer suggested; referrals in progress stay as they are."""
    from ..services import positions as service

    found = _position_or_none(position_id)
    if found is None:
        return problem(404)
    try:
        service.change_status(g.api_user, found, "close")
    except service.PositionError as error:
        return _position_refused(error)
    db.session.commit()
    return json_response(present.position(found))
