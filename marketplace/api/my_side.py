"""The person's own side over the API: their profile, consents, data and who viewed it. The
profile's rules are the profile form's (one place), fed with the JSON."""
from __future__ import annotations

import json

from flask import g
from werkzeug.datastructures import MultiDict

from ..candidate.forms import ProfileForm
from ..extensions import db
from ..services import candidate_profile, consents, my_data
from . import blp
from .auth import require
from .common import json_response
from .problems import problem
from .people_schemas import ConsentOut, MyConsentIn, ProfilePatch, ViewOut

# The form's field names for the API's.
FORM_NAMES = {"province_code": "province", "ward_code": "ward"}


def _profile():
    return g.api_user.candidate


def _profile_json(profile) -> dict:
    body = {n: getattr(profile, n) for n in candidate_profile.EDITABLE}
    body["id"] = profile.id
    body["legal"] = {n: getattr(profile, n) for n in candidate_profile.LEGAL}
    return json.loads(json.dumps(body, default=str))


@blp.route("/me/profile", methods=["GET"])
@require("candidate")
@blp.response(200, ProfilePatch)
def my_profile():
    """The person's profile; the legal section is shown, never editable by the person."""
    profile = _profile()
    return problem(404) if profile is None else json_response(_profile_json(profile))


@blp.route("/me/profile", methods=["PATCH"])
@require("candidate")
@blp.arguments(ProfilePatch)
@blp.response(200, ProfilePatch)
def patch_my_profile(body):
    """Change any editable field; the rest keep their values. Legal fields are not editable."""
    profile = _profile()
    if profile is None:
        return problem(404)
    current = _profile_json(profile)
    current.pop("legal"), current.pop("id")
    merged = {**current, **body}
    data = MultiDict()
    for name, value in merged.items():
        key = FORM_NAMES.get(name, name)
        if isinstance(value, list):
            for item in value:
                data.add(key, str(item))
        elif isinstance(value, bool):
            if value:
                data.add(key, "y")
        elif value is not None:
            data.add(key, str(value))
    form = ProfileForm(formdata=data, meta={"csrf": False})
    if not form.validate():
        names = {v: k for k, v in FORM_NAMES.items()}
        return problem(422, "validation", errors={names.get(k, k): [str(m) for m in v]
                                                  for k, v in form.errors.items()})
    candidate_profile.update(g.api_user, profile, form.values())
    db.session.commit()
    return json_response(_profile_json(profile))


@blp.route("/me/consents", methods=["GET"])
@require("candidate")
@blp.response(200, ConsentOut(many=True))
def my_consents():
    """Every decision, given or withdrawn, oldest first."""
    profile = _profile()
    return [] if profile is None else consents.history(profile)


@blp.route("/me/consents", methods=["POST"])
@require("candidate")
@blp.arguments(MyConsentIn)
@blp.response(201, ConsentOut)
def give_consent(body):
    """Give one consent (a company only for one you are referred to)."""
    profile = _profile()
    if profile is None:
        return problem(404)
    try:
        consent = consents.give(g.api_user, profile, body["purpose"], body.get("employer_id"))
    except consents.ConsentError:
        db.session.rollback()
        return problem(422, "validation", errors={"purpose": [str(MyConsentIn.REFUSED)]})
    db.session.commit()
    return consent


@blp.route("/me/data", methods=["GET"])
@require("candidate")
@blp.response(200)
def my_data_export():
    """Everything held about the person, as JSON."""
    profile = _profile()
    return problem(404) if profile is None else json_response(json.loads(json.dumps(
        my_data.export(profile), default=str)))


@blp.route("/me/views", methods=["GET"])
@require("candidate")
@blp.response(200, ViewOut(many=True))
def my_views():
    """Who viewed the person's record and when (role and organisation, not staff names)."""
    profile = _profile()
    return [] if profile is None else [v.as_dict() for v in my_data.views_of(profile)]
