"""The person's own profile: what they may change themself, and what only their caseworker may.

The legal section (status, offence category, release, supervision, travel restriction,
expungement) is the caseworker's: the person sees it and what it is used for, never edits it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import CandidateProfile, User
from ..models.candidates import SENSITIVE_FIELDS

EDITABLE = (
    "full_name", "birth_year", "gender", "province_code", "ward_code", "phone", "education",
    "skills", "experience", "physical_capacity", "health_limits", "health_notes", "shifts",
    "desired_sectors", "wage_expectation", "max_commute_km", "has_transport", "needs_housing",
    "needs_loan", "needs_training", "needs_papers", "needs_health_insurance",
)
LEGAL = SENSITIVE_FIELDS["conviction"]

# What each legal field is used for, in plain words, shown beside it.
LEGAL_USE = {
    "legal_status": _l("Lets your caseworker plan support. Never shown to a company."),
    "offence_category": _l("Some companies cannot take some records by law. Used only to leave "
                           "those jobs out. A company sees it only if you allow it."),
    "sentence_kind": _l("With the dates, it decides when your record is erased by law."),
    "release_date": _l("Helps your caseworker plan support. Never shown to a company."),
    "supervision_end": _l("While you are under supervision, some travel may need permission."),
    "travel_restricted": _l("If you may not leave the province, jobs outside it are left out."),
    "expungement_date": _l("After this date your record counts as erased and is never used."),
}


class NotYours(Exception):
    """Only the person themself edits their profile here."""


def update(actor: User, profile: CandidateProfile, values: dict) -> list[str]:
    """Change the editable fields; anything else in `values` is ignored. Returns what changed."""
    if actor.candidate is None or actor.candidate.id != profile.id:
        raise NotYours()
    changed = []
    for name in EDITABLE:
        if name in values and getattr(profile, name) != values[name]:
            setattr(profile, name, values[name])
            changed.append(name)
    if "full_name" in changed and profile.user is not None:
        profile.user.full_name = profile.full_name
    db.session.flush()
    return changed
