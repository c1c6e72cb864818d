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
from .schemas import PageArgs, PositionOut, RankedCandidateOut, ReferralOut, SuggestionOut, page_of


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
    exposure.record_candidates(g.api_user, "position_candidates", found.id, ranked)
    db.session.commit()
    return [{"candidate_id": r.profile.id, "name": r.profile.full_name, "score": r.match.score,
             "reasons": present.reasons(r.match)} for r in ranked]


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
    exposure.record_positions(g.api_user, "caseworker_record", profile.id, found)
    db.session.commit()
    return present.suggestions(found)
