from flask import g
from sqlalchemy import select

from ..extensions import db
from ..models import Referral
from ..services import exposure, ranking
from . import blp, present
from .auth import require
from .common import paged
from .problems import problem
from .schemas import MeOut, PageArgs, ReferralOut, SuggestionOut, page_of


@blp.route("/me", methods=["GET"])
@require()
@blp.response(200, MeOut)
def me():
    """Who this token belongs to."""
    return g.api_user


@blp.route("/me/suggestions", methods=["GET"])
@require("candidate")
@blp.response(200, SuggestionOut(many=True))
def my_suggestions():
    """Suggested jobs and training seats, with plain reasons in the reader's language."""
    profile = g.api_user.candidate
    if profile is None:
        return problem(404)
    found = ranking.suggestions_for(profile)
    body = present.suggestions(found)  # before the commit, which would expire every row read
    exposure.record_positions(g.api_user, "candidate_home", profile.id, found)
    db.session.commit()
    return body


@blp.route("/me/referrals", methods=["GET"])
@require("candidate")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(ReferralOut))
def my_referrals(args):
    """The person's own referrals with their history, newest first."""
    profile_id = g.api_user.candidate.id if g.api_user.candidate else -1
    items, numbers = paged(select(Referral).where(Referral.candidate_id == profile_id)
                           .order_by(Referral.updated_at.desc(), Referral.id.desc()), args)
    return {"items": items, **numbers}
