"""The API's shapes. Names listed in the contract (issue 10) are fixed; more may follow."""
from __future__ import annotations

from datetime import timezone

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from ..converters import MAX_ID
from ..models.referrals import DECLINE_REASONS, LEFT_REASONS, REFERRAL_STATUSES, RETENTION_DAYS


# Validation messages in the caller's language (marshmallow fills the braces).
ONE_OF = _l("Choose one of: {choices}.")
RANGE = _l("Enter a whole number from {min} to {max}.")
LENGTH = _l("Use between {min} and {max} characters.")
TOO_LONG = _l("Use at most {max} characters.")


def one_of(choices):
    return validate.OneOf(choices, error=ONE_OF)


def between(low: int, high: int):
    return validate.Range(low, high, error=RANGE)


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    return value


class Schema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True

    @ma.pre_load
    def _drop_nul(self, data, **_kwargs):
        # PostgreSQL text cannot hold NUL: the API drops it as the forms do (fields.py), before
        # a "\x00" in a name or a search reaches a query as a server error.
        return _without_nul(data) if isinstance(data, (dict, list)) else data


class AwareDateTime(fields.DateTime):
    """ISO 8601 with its offset; times stored without a zone (SQLite) are UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


def Id(**kwargs):
    return fields.Integer(strict=True, validate=between(1, MAX_ID), **kwargs)


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=between(1, 100_000))
    per_page = fields.Integer(load_default=25, validate=between(1, 100))


_PAGES: dict = {}


def page_of(item_schema):
    """A list response: {"items", "page", "per_page", "total"} (one class per item schema)."""
    if item_schema not in _PAGES:
        _PAGES[item_schema] = _page(item_schema)
    return _PAGES[item_schema]


def _page(item_schema):
    return type(f"{item_schema.__name__}Page", (Schema,), {
        "items": fields.List(fields.Nested(item_schema)),
        "page": fields.Integer(), "per_page": fields.Integer(), "total": fields.Integer(),
    })


class ProblemOut(Schema):
    """An error (RFC 9457) with a stable `code`; `errors` lists field messages on a 422."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    code = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    id = fields.Integer(metadata={"description": "The existing referral, with code duplicate"})


class TokenIn(Schema):
    login = fields.String(required=True, validate=validate.Length(1, 254, error=LENGTH))
    password = fields.String(required=True, validate=validate.Length(1, 200, error=LENGTH))


class TokenOut(Schema):
    token = fields.String()
    expires_at = AwareDateTime()
    role = fields.String()


class MeOut(Schema):
    id = fields.Integer()
    role = fields.String()
    name = fields.String(attribute="full_name")
    language = fields.String(attribute="locale")


class ExclusionOut(Schema):
    code = fields.String()
    justification = fields.String()


class PositionOut(Schema):
    id = fields.Integer()
    employer_id = fields.Integer()
    employer = fields.Function(lambda p: p.employer.name)
    kind = fields.String()
    title = fields.String()
    description = fields.String()
    sector = fields.String()
    required_skills = fields.List(fields.String())
    preferred_skills = fields.List(fields.String())
    min_education = fields.Integer()
    physical_demand = fields.Integer()
    shift = fields.String()
    wage_min = fields.Integer(allow_none=True)
    wage_max = fields.Integer(allow_none=True)
    seats = fields.Integer()
    filled = fields.Integer()
    seats_left = fields.Integer()
    in_progress = fields.Method("_in_progress")
    province_code = fields.Integer()
    ward_code = fields.Integer()
    housing_provided = fields.Boolean()
    transport_provided = fields.Boolean()
    excluded_offences = fields.Method("_exclusions")
    opens_on = fields.Date(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    leads_to_position_id = fields.Integer(allow_none=True)
    duration_weeks = fields.Integer(allow_none=True)
    certificate = fields.String(allow_none=True)
    status = fields.String()

    # Referrals in progress per position id; the view sets it before dumping.
    counts: dict = {}

    def _in_progress(self, position) -> int:
        return self.counts.get(position.id, 0)

    def _exclusions(self, position) -> list[dict]:
        reasons = getattr(position, "exclusion_reasons", None) or {}
        return [{"code": code, "justification": reasons.get(code, "")} for code in position.excluded_offences or []]


class ReasonOut(Schema):
    code = fields.String()
    text = fields.String()


class RankedCandidateOut(Schema):
    candidate_id = fields.Integer()
    name = fields.String()
    score = fields.Float()
    reasons = fields.List(fields.Nested(ReasonOut))


class SuggestionOut(Schema):
    position_id = fields.Integer()
    title = fields.String()
    employer = fields.String()
    score = fields.Float()
    reasons = fields.List(fields.Nested(ReasonOut))


class EventOut(Schema):
    from_ = fields.String(data_key="from", attribute="from_status", allow_none=True)
    to = fields.String(attribute="to_status")
    at = AwareDateTime()
    actor = fields.Integer(attribute="actor_id", allow_none=True)
    note = fields.String()


class SharedPersonOut(Schema):
    """What a company sees of a person referred to it: only what the person agreed to share."""

    shared = fields.Boolean()
    full_name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    skills = fields.List(fields.String(), allow_none=True)
    education = fields.Integer(allow_none=True)
    experience = fields.String(allow_none=True)
    offence_category = fields.String(allow_none=True)


class ReferralOut(Schema):
    id = fields.Integer()
    candidate_id = fields.Integer()
    position_id = fields.Integer()
    status = fields.String()
    decline_reason = fields.String(allow_none=True)
    interview_on = fields.Date(allow_none=True)
    start_on = fields.Date(allow_none=True)
    left_on = fields.Date(allow_none=True)
    left_reason = fields.String(allow_none=True)
    created_at = AwareDateTime()
    events = fields.List(fields.Nested(EventOut))
    person = fields.Nested(SharedPersonOut, metadata={
        "description": "Only in a company's view: the fields the person agreed to share with it."})


class ReferralIn(Schema):
    candidate_id = Id(required=True)
    position_id = Id(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=1000, error=TOO_LONG))


class ReferralListArgs(PageArgs):
    status = fields.String(validate=one_of(REFERRAL_STATUSES))


class TransitionIn(Schema):
    to = fields.String(required=True, validate=one_of(REFERRAL_STATUSES))
    reason = fields.String(load_default=None, allow_none=True,
                           validate=one_of(sorted(set(DECLINE_REASONS) | set(LEFT_REASONS))))
    note = fields.String(load_default="", validate=validate.Length(max=1000, error=TOO_LONG))
    on = fields.Date(load_default=None, allow_none=True)


class RetentionIn(Schema):
    day = fields.Integer(required=True, strict=True, validate=one_of(RETENTION_DAYS))
    retained = fields.Boolean(required=True, truthy={True}, falsy={False})
    reason = fields.String(load_default=None, allow_none=True, validate=one_of(LEFT_REASONS))
    on = fields.Date(load_default=None, allow_none=True)


# --- a company's positions -------------------------------------------------------------------------

class ExclusionIn(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 20, error=LENGTH))
    justification = fields.String(required=True, validate=validate.Length(max=500, error=TOO_LONG))


class PositionPatch(Schema):
    """Any of a position's fields (the position service checks every rule)."""

    kind = fields.String(validate=validate.Length(1, 10, error=LENGTH))
    title = fields.String(validate=validate.Length(max=200, error=TOO_LONG))
    description = fields.String(validate=validate.Length(max=5000, error=TOO_LONG))
    sector = fields.String(validate=validate.Length(max=40, error=TOO_LONG))
    required_skills = fields.List(fields.String(validate=validate.Length(max=40, error=TOO_LONG)))
    preferred_skills = fields.List(fields.String(validate=validate.Length(max=40, error=TOO_LONG)))
    min_education = fields.Integer(strict=True, validate=between(0, 6))
    physical_demand = fields.Integer(strict=True, validate=between(0, 3))
    shift = fields.String(validate=validate.Length(max=10, error=TOO_LONG))
    wage_min = fields.Integer(allow_none=True, strict=True, validate=between(0, 10**9))
    wage_max = fields.Integer(allow_none=True, strict=True, validate=between(0, 10**9))
    seats = fields.Integer(strict=True, validate=between(1, 10_000))
    province_code = fields.Integer(strict=True, validate=between(1, 999))
    ward_code = fields.Integer(strict=True, validate=between(1, 999_999))
    housing_provided = fields.Boolean(truthy={True}, falsy={False})
    transport_provided = fields.Boolean(truthy={True}, falsy={False})
    excluded_offences = fields.List(fields.Nested(ExclusionIn))
    opens_on = fields.Date(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    duration_weeks = fields.Integer(allow_none=True, strict=True, validate=between(1, 260))
    certificate = fields.String(validate=validate.Length(max=200, error=TOO_LONG))
    leads_to_position_id = Id(allow_none=True)


class PositionIn(PositionPatch):
    """A new position: kind, title, sector, place and seats are needed."""

    kind = fields.String(required=True, validate=validate.Length(1, 10, error=LENGTH))
    title = fields.String(required=True, validate=validate.Length(max=200, error=TOO_LONG))
    sector = fields.String(required=True, validate=validate.Length(max=40, error=TOO_LONG))
    seats = fields.Integer(required=True, strict=True, validate=between(1, 10_000))
    province_code = fields.Integer(required=True, strict=True, validate=between(1, 999))
    ward_code = fields.Integer(required=True, strict=True, validate=between(1, 999_999))
    status = fields.String(load_default="draft", validate=one_of(("draft", "open")))
