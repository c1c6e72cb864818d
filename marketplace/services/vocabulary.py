"""The matching vocabulary (skills, sectors, offence categories) in the reader's language."""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from matching import reasons, taxonomy

from ..labels import coded, format_vnd


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if str(get_locale()) == "en" else pair[0]


def label(kind: str, code: str | int | None) -> str:
    table = getattr(taxonomy, kind.upper())
    pair = table.get(code)
    return _pick(pair) if pair else str(code or "")


def choices(kind: str) -> list[tuple]:
    return [(code, _pick(pair)) for code, pair in getattr(taxonomy, kind.upper()).items()]


def sector_choices() -> list[tuple]:
    return choices("sectors")



def _km(value) -> int:
    return round(float(value or 0))


def _shift(value) -> str:
    return coded("shift", value).lower()


def _education(value) -> str:
    return label("education_levels", value)


def _sector(value) -> str:
    return label("sectors", value)


# Each reason code of matching: its message and how to show each param.
REASON_TEXT = {
    "skills_matched": (_l("Has %(matched)s of the %(required)s skills needed"), {}),
    "preferred_skills": (_l("Has %(matched)s of the useful extra skills"), {}),
    "sector_interest": (_l("Wants to work in %(sector)s"), {"sector": _sector}),
    "same_commune": (_l("In the same commune"), {}),
    "same_province": (_l("In the same province"), {}),
    "distance_km": (_l("About %(km)s km away"), {"km": _km}),
    "within_commute": (_l("Within the travel distance accepted"), {}),
    "transport_provided": (_l("The employer provides transport"), {}),
    "dormitory_provided": (_l("A dormitory is provided"), {}),
    "wage_meets_expectation": (_l("Pays %(wage)s a month, as hoped"), {"wage": format_vnd}),
    "wage_below_expectation": (_l("Pays %(wage)s a month, below the hoped %(expected)s"),
                               {"wage": format_vnd, "expected": format_vnd}),
    "shift_fit": (_l("Works the %(shift)s that suits"), {"shift": _shift}),
    "training_for_new_skills": (_l("Training to learn a trade"), {}),
    "education_gap": (_l("Asks for more schooling (%(required)s)"), {"required": _education}),
    "physical_gap": (_l("The work is physically heavier than suits"), {}),
    "few_seats_many_referrals": (_l("Few seats left (%(seats)s) for many referrals (%(referrals)s)"), {}),
    "employer_track_record": (_l("This employer has hired %(hired)s people from the programme"), {}),
    "similar_experience": (_l("Similar to past experience"), {}),
    "profile_fit": (_l("Fits the profile overall"), {}),
    "excluded_offence": (_l("This employer does not accept this kind of record"), {}),
    "outside_permitted_area": (_l("Outside the area the person may travel to"), {}),
    "no_seats_left": (_l("No seats left"), {}),
}


def explain(reason) -> str:
    """A matching Reason in plain words, in the reader's language."""
    entry = REASON_TEXT.get(reason.code)
    if entry is None:
        return reason.code
    message, formatters = entry
    params = {name: formatters.get(name, lambda v: v)(value) for name, value in (reason.params or {}).items()}
    try:
        return str(message) % params
    except (KeyError, TypeError, ValueError):
        return str(message)


def is_caution(reason) -> bool:
    """A gap or a warning rather than a strength."""
    return reason.code in reasons.CAUTION_CODES or reason.code in reasons.EXCLUSION_CODES
