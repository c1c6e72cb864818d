"""A caseworker's people over the API: the caseload, profiles made on behalf, the legal section,
consents from signed forms, visits, support and milestones. Thin over the casework services."""
from __future__ import annotations

from flask import g

from .. import locations
from ..extensions import db
from ..models import CandidateProfile, Consent
from ..scopes import candidates_in_care, name_contains
from ..services import casework, claims, consents, legal
from ..services.casework import CaseworkError
from . import blp
from .auth import require
from .common import json_response, paged
from .problems import problem
from .people_schemas import (ConsentIn, ConsentOut, EntryOut, LegalIn, MilestoneIn, NoteIn, PersonIn,
                             PersonOut, PersonSearchArgs, SupportIn)
from .schemas import page_of


def _in_care(candidate_id: int) -> CandidateProfile | None:
    """The person if in this caseworker's care; otherwise None, and the attempt is audited."""
    found = db.session.scalar(candidates_in_care(g.api_user).where(CandidateProfile.id == candidate_id))
    if found is None:
        from ..auth import out_of_scope

        out_of_scope("candidate", candidate_id, actor=g.api_user)
    return found


def _invalid(error: CaseworkError):
    db.session.rollback()
    return problem(422, "validation", str(error.message), errors={error.field or "_": [str(error.message)]})


@blp.route("/candidates", methods=["GET"])
@require("caseworker")
@blp.arguments(PersonSearchArgs, location="query")
@blp.response(200, page_of(PersonOut))
def list_candidates(args):
    """The caseload: people in the caseworker's communes and care teams (`?q=` searches names)."""
    query = candidates_in_care(g.api_user)
    if args.get("q"):
        query = query.where(name_contains(args["q"]))
    items, numbers = paged(query.order_by(CandidateProfile.full_name, CandidateProfile.id), args)
    return {"items": items, **numbers}


@blp.route("/candidates", methods=["POST"])
@require("caseworker")
@blp.arguments(PersonIn)
@blp.response(201, PersonOut)
def create_candidate(body):
    """A profile made on behalf of someone; the one-time claim code is in the answer, once."""
    if not locations.is_valid_pair(body["province_code"], body["ward_code"]):
        return problem(422, "validation", errors={"ward_code": [str(PersonIn.PLACE_MESSAGE)]})
    try:
        profile = casework.create_profile(g.api_user, casework.ProfileInput(**body))
    except CaseworkError as error:
        return _invalid(error)
    code = claims.issue_claim_code(g.api_user, profile)
    db.session.commit()
    return json_response({**PersonOut().dump(profile), "claim_code": code}, 201)


@blp.route("/candidates/<id:candidate_id>", methods=["GET"])
@require("caseworker")
@blp.response(200, PersonOut)
def get_candidate(candidate_id: int):
    """A person with the legal section (the caseworker's); the view is audited."""
    from .. import audit
    from ..models.candidates import SENSITIVE_FIELDS

    profile = _in_care(candidate_id)
    if profile is None:
        return problem(404)
    audit.record("view_candidate", "candidate", profile.id, categories=tuple(SENSITIVE_FIELDS),
                 purpose="case_management", actor=g.api_user)
    db.session.commit()
    return profile


@blp.route("/candidates/<id:candidate_id>", methods=["PATCH"])
@require("caseworker")
@blp.arguments(LegalIn)
@blp.response(200, PersonOut)
def patch_candidate(body, candidate_id: int):
    """Change the legal section; the expungement date is computed (Criminal Code art. 70)."""
    profile = _in_care(candidate_id)
    if profile is None:
        return problem(404)
    current = {"status": profile.legal_status, "offence_category": profile.offence_category,
               "sentence_kind": profile.sentence_kind, "sentence_months": profile.sentence_months,
               "release_date": profile.release_date, "supervision_end": profile.supervision_end,
               "penalty_end": profile.penalty_end, "travel_restricted": profile.travel_restricted}
    try:
        legal.set_legal(g.api_user, profile, legal.LegalInput(**{**current, **body}))
    except CaseworkError as error:
        return _invalid(error)
    db.session.commit()
    return profile


@blp.route("/candidates/<id:candidate_id>/consents", methods=["POST"])
@require("caseworker")
@blp.arguments(ConsentIn)
@blp.response(201, ConsentOut)
def record_consent(body, candidate_id: int):
    """A decision the person signed on paper, recorded with the form's reference. A per-company
    purpose (`employer`, `offence`) names a company the person is referred to."""
    profile = _in_care(candidate_id)
    if profile is None:
        return problem(404)
    try:
        consent = consents.record_signed(g.api_user, profile, body["purpose"], body.get("employer_id"),
                                         reference=body["reference"])
    except consents.ConsentError:
        return problem(422, "validation", errors={"employer_id": [str(ConsentIn.EMPLOYER_MESSAGE)]})
    db.session.commit()
    return consent


@blp.route("/consents/<id:consent_id>", methods=["DELETE"])
@require("caseworker", "candidate")
@blp.response(204)
def withdraw_consent(consent_id: int):
    """Withdraw a consent: the person's own, or one of the caseload's; effective at once."""
    consent = db.session.get(Consent, consent_id)
    mine = g.api_user.candidate is not None and consent is not None and consent.candidate_id == g.api_user.candidate.id
    cared = g.api_user.role == "caseworker" and consent is not None and _in_care(consent.candidate_id)
    if not (mine or cared):
        return problem(404)
    consents.withdraw(consent)
    db.session.commit()
    return None


def _entry(candidate_id: int, add):
    profile = _in_care(candidate_id)
    if profile is None:
        return problem(404)
    try:
        made = add(profile)
    except CaseworkError as error:
        return _invalid(error)
    db.session.commit()
    return json_response({"id": made.id, "candidate_id": profile.id}, 201)


@blp.route("/candidates/<id:candidate_id>/notes", methods=["POST"])
@require("caseworker")
@blp.arguments(NoteIn)
@blp.response(201, EntryOut)
def add_note(body, candidate_id: int):
    """A home visit, a call or a counselling note."""
    return _entry(candidate_id, lambda p: casework.add_note(g.api_user, p, casework.NoteInput(**body)))


@blp.route("/candidates/<id:candidate_id>/support", methods=["POST"])
@require("caseworker")
@blp.arguments(SupportIn)
@blp.response(201, EntryOut)
def add_support(body, candidate_id: int):
    """Support given: training, a loan (amount, purpose), health insurance, papers, a gift…"""
    return _entry(candidate_id, lambda p: casework.add_support(g.api_user, p, casework.SupportInput(**body)))


@blp.route("/candidates/<id:candidate_id>/milestones", methods=["POST"])
@require("caseworker")
@blp.arguments(MilestoneIn)
@blp.response(201, EntryOut)
def add_milestone(body, candidate_id: int):
    """A legal milestone; `expunged` purges the conviction details everywhere."""
    return _entry(candidate_id, lambda p: casework.add_milestone(g.api_user, p, body["kind"], body["on"],
                                                                 body.get("note", "")))
