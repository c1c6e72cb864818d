"""The API's shapes for people: a caseworker's caseload and the person's own side."""
from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from ..models.candidates import (
    CONSENT_PURPOSES, GENDERS, MILESTONE_KINDS, NOTE_KINDS, OFFENCE_CODES, SENTENCE_KINDS, SUPPORT_KINDS,
)
from ..services.casework import MAX_AMOUNT
from ..services.legal import SETTABLE_STATUSES
from .schemas import LENGTH, TOO_LONG, AwareDateTime, Id, PageArgs, Schema, between, one_of

# --- people (a caseworker's caseload) -------------------------------------------------------------

class PersonOut(Schema):
    """A person as their caseworker sees them, the legal section included."""

    id = fields.Integer()
    full_name = fields.String()
    birth_year = fields.Integer(allow_none=True)
    gender = fields.String()
    phone = fields.String(allow_none=True)
    province_code = fields.Integer()
    ward_code = fields.Integer()
    education = fields.Integer()
    skills = fields.List(fields.String())
    experience = fields.String()
    claimed = fields.Function(lambda p: p.user_id is not None)
    legal_status = fields.String()
    offence_category = fields.String(allow_none=True)
    sentence_kind = fields.String(allow_none=True)
    sentence_months = fields.Integer(allow_none=True)
    release_date = fields.Date(allow_none=True)
    supervision_end = fields.Date(allow_none=True)
    penalty_end = fields.Date(allow_none=True)
    travel_restricted = fields.Boolean()
    expungement_date = fields.Date(allow_none=True)
    claim_code = fields.String(metadata={"description": "Only in the answer to POST /candidates, once."})


class PersonSearchArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=120, error=TOO_LONG))


class PersonIn(Schema):
    PLACE_MESSAGE = _l("Choose a commune of the chosen province.")

    full_name = fields.String(required=True, validate=validate.Length(1, 120, error=LENGTH))
    birth_year = fields.Integer(load_default=None, allow_none=True, strict=True, validate=between(1930, 2015))
    gender = fields.String(load_default="undisclosed", validate=one_of(GENDERS))
    province_code = fields.Integer(required=True, strict=True, validate=between(1, 999))
    ward_code = fields.Integer(required=True, strict=True, validate=between(1, 999_999))
    phone = fields.String(load_default=None, allow_none=True,
                          validate=validate.Regexp(r"^0(3|5|7|8|9)\d{8}$", error=_l(
                              "Enter a Vietnamese mobile number of 10 digits, e.g. 0912 345 678.")))
    address_line = fields.String(load_default="", validate=validate.Length(max=200, error=TOO_LONG))


class LegalIn(Schema):
    """Any of the legal section's fields; the others keep their values."""

    status = fields.String(validate=one_of(SETTABLE_STATUSES))
    offence_category = fields.String(allow_none=True, validate=one_of(OFFENCE_CODES))
    sentence_kind = fields.String(allow_none=True, validate=one_of(SENTENCE_KINDS))
    sentence_months = fields.Integer(allow_none=True, strict=True, validate=between(1, 360))
    release_date = fields.Date(allow_none=True)
    supervision_end = fields.Date(allow_none=True)
    penalty_end = fields.Date(allow_none=True)
    travel_restricted = fields.Boolean(truthy={True}, falsy={False})


class ConsentIn(Schema):
    EMPLOYER_MESSAGE = _l("Name the company for this purpose, and only for this purpose.")

    purpose = fields.String(required=True, validate=one_of(CONSENT_PURPOSES))
    employer_id = Id(load_default=None, allow_none=True)
    reference = fields.String(required=True, validate=validate.Length(1, 60, error=LENGTH))


class ConsentOut(Schema):
    id = fields.Integer()
    candidate_id = fields.Integer()
    purpose = fields.String()
    employer_id = fields.Integer(allow_none=True)
    notice_version = fields.String()
    reference = fields.String(allow_none=True)
    created_at = AwareDateTime()
    withdrawn_at = AwareDateTime(allow_none=True)


class NoteIn(Schema):
    kind = fields.String(required=True, validate=one_of(NOTE_KINDS))
    occurred_on = fields.Date(required=True)
    body = fields.String(required=True, validate=validate.Length(1, 4000, error=LENGTH))
    about_legal_case = fields.Boolean(load_default=False, truthy={True}, falsy={False})


class SupportIn(Schema):
    kind = fields.String(required=True, validate=one_of(SUPPORT_KINDS))
    occurred_on = fields.Date(required=True)
    amount_vnd = fields.Integer(load_default=None, allow_none=True, strict=True, validate=between(0, MAX_AMOUNT))
    purpose = fields.String(load_default="", validate=validate.Length(max=200, error=TOO_LONG))
    note = fields.String(load_default="", validate=validate.Length(max=2000, error=TOO_LONG))


class MilestoneIn(Schema):
    kind = fields.String(required=True, validate=one_of(MILESTONE_KINDS))
    on = fields.Date(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=2000, error=TOO_LONG))


class EntryOut(Schema):
    id = fields.Integer()
    candidate_id = fields.Integer()


# --- the person's own side ------------------------------------------------------------------------

class ProfilePatch(Schema):
    """The person's editable fields (the profile form checks the values, in the reader's
    language); `legal` is shown in answers, never editable here."""

    class Meta:
        unknown = ma.RAISE

    full_name = fields.String()
    birth_year = fields.Integer(allow_none=True)
    gender = fields.String()
    province_code = fields.Integer()
    ward_code = fields.Integer()
    phone = fields.String(allow_none=True)
    education = fields.Integer()
    skills = fields.List(fields.String())
    experience = fields.String()
    physical_capacity = fields.Integer()
    health_limits = fields.List(fields.String())
    health_notes = fields.String()
    shifts = fields.List(fields.String())
    desired_sectors = fields.List(fields.String())
    wage_expectation = fields.Integer(allow_none=True)
    max_commute_km = fields.Integer(allow_none=True)
    has_transport = fields.Boolean()
    needs_housing = fields.Boolean()
    needs_loan = fields.Boolean()
    needs_training = fields.Boolean()
    needs_papers = fields.Boolean()
    needs_health_insurance = fields.Boolean()
    id = fields.Integer(dump_only=True)
    legal = fields.Dict(dump_only=True)


class MyConsentIn(Schema):
    REFUSED = _l("This consent cannot be given here: a company must be one you are referred to.")

    purpose = fields.String(required=True, validate=one_of(CONSENT_PURPOSES))
    employer_id = Id(load_default=None, allow_none=True)


class ViewOut(Schema):
    at = fields.String()
    role = fields.String(allow_none=True)
    agency = fields.String(allow_none=True)
    employer = fields.String(allow_none=True)
    ward_code = fields.Integer(allow_none=True)
    action = fields.String()
