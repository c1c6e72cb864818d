from flask import g
from sqlalchemy.orm import selectinload

from ..database import commit_with_retries
from ..extensions import db
from ..models import CandidateProfile, Employer, Position, Referral
from ..scopes import referrals_visible_to
from ..services import consents, referrals
from ..services.referrals import ReferralError, StepInput
from . import blp, present
from .auth import require
from .common import json_response, paged, refused
from .problems import problem
from .schemas import ReferralIn, ReferralListArgs, ReferralOut, RetentionIn, TransitionIn, page_of


def _referral_or_none(referral_id: int) -> Referral | None:
    return db.session.scalar(referrals_visible_to(g.api_user).where(Referral.id == referral_id))


def _shown(referral: Referral):
    """A company sees the person only as far as they consented; everyone else the referral."""
    if g.api_user.role == "employer":
        return json_response(present.company_referral(referral))
    return json_response(present.referral(referral))


@blp.route("/referrals", methods=["GET"])
@require()
@blp.arguments(ReferralListArgs, location="query")
@blp.response(200, page_of(ReferralOut))
def list_referrals(args):
    """Referrals the caller may see (`?status=` to filter), most recently changed first."""
    query = referrals_visible_to(g.api_user)
    if args.get("status"):
        query = query.where(Referral.status == args["status"])
    query = query.order_by(Referral.updated_at.desc(), Referral.id.desc())
    if g.api_user.role == "employer":
        # A page of 25 read in a few queries, with every consent at once: one query per
        # referral for its person, events, company members and two consents made 125.
        query = query.options(selectinload(Referral.candidate), selectinload(Referral.events),
                              selectinload(Referral.position).selectinload(Position.employer)
                              .selectinload(Employer.members))
        items, numbers = paged(query, args)
        decisions = consents.active_decisions([r.candidate_id for r in items], ("employer", "offence"))
        return json_response({"items": [present.company_referral(r, decisions) for r in items], **numbers})
    items, numbers = paged(query, args)
    return {"items": items, **numbers}


@blp.route("/referrals", methods=["POST"])
@require("caseworker", "candidate")
@blp.arguments(ReferralIn)
@blp.response(201, ReferralOut)
def create_referral(body):
    """A caseworker's proposal, or a person's "I'm interested" for themself."""
    candidate = db.session.get(CandidateProfile, body["candidate_id"])
    position = db.session.get(Position, body["position_id"])
    if candidate is None or position is None:
        return problem(404)
    try:
        made = referrals.propose(g.api_user, candidate, position, body["note"])
    except ReferralError as error:
        return refused(error)
    db.session.commit()
    return made


@blp.route("/referrals/<id:referral_id>", methods=["GET"])
@require()
@blp.response(200, ReferralOut)
def get_referral(referral_id: int):
    found = _referral_or_none(referral_id)
    return problem(404) if found is None else _shown(found)


@blp.route("/referrals/<id:referral_id>/transitions", methods=["POST"])
@require()
@blp.arguments(TransitionIn)
@blp.response(200, ReferralOut)
def transition(body, referral_id: int):
    """Take one step of the pipeline's table; refused steps answer 409 with a stable code."""
    found = _referral_or_none(referral_id)
    if found is None:
        return problem(404)
    step = StepInput(reason=body["reason"], on=body["on"], note=body["note"])
    try:
        # A hire touches the position and the person's other referrals: retried if it deadlocks.
        commit_with_retries(lambda: referrals.transition(g.api_user, found, body["to"], step))
    except ReferralError as error:
        return refused(error)
    return _shown(found)


@blp.route("/referrals/<id:referral_id>/retention", methods=["POST"])
@require("employer", "caseworker")
@blp.arguments(RetentionIn)
@blp.response(200, ReferralOut)
def retention(body, referral_id: int):
    """Answer a due 30/90/180-day check: still working, or left (with a reason)."""
    found = _referral_or_none(referral_id)
    if found is None:
        return problem(404)
    answer = StepInput(reason=body["reason"], on=body["on"])
    try:
        commit_with_retries(lambda: referrals.record_retention(g.api_user, found, body["day"],
                                                               body["retained"], answer))
    except ReferralError as error:
        return refused(error)
    return _shown(found)
