"""Every reason code the library emits, with the names of its params.

The app translates a :class:`~matching.types.Reason` by looking its ``code``
up in its own catalogue and formatting the message with ``params``. Params
never carry gender, birth year or offence category values: a reason may be
shown to an employer, and those would leak sensitive data.
"""
from __future__ import annotations

# Positive or neutral reasons attached to matches.
SKILLS_MATCHED = "skills_matched"            # matched: int, required: int
PREFERRED_SKILLS = "preferred_skills"        # matched: int
SECTOR_INTEREST = "sector_interest"          # sector: str (sector code)
SAME_COMMUNE = "same_commune"                # (no params)
SAME_PROVINCE = "same_province"              # (no params)
DISTANCE_KM = "distance_km"                  # km: float (rounded, 1 decimal)
WITHIN_COMMUTE = "within_commute"            # (no params)
TRANSPORT_PROVIDED = "transport_provided"    # (no params)
DORMITORY_PROVIDED = "dormitory_provided"    # (no params)
WAGE_MEETS_EXPECTATION = "wage_meets_expectation"  # wage: int (VND/month)
WAGE_BELOW_EXPECTATION = "wage_below_expectation"  # wage: int, expected: int
SHIFT_FIT = "shift_fit"                      # shift: str (shift code)
TRAINING_FOR_NEW_SKILLS = "training_for_new_skills"  # (no params)
EDUCATION_GAP = "education_gap"              # required: int, has: int
PHYSICAL_GAP = "physical_gap"                # required: int, has: int
FEW_SEATS_MANY_REFERRALS = "few_seats_many_referrals"  # seats: int, referrals: int
EMPLOYER_TRACK_RECORD = "employer_track_record"  # hired: int (past hires seen at fit)
SIMILAR_EXPERIENCE = "similar_experience"    # (no params)
PROFILE_FIT = "profile_fit"                  # (no params) fallback when nothing specific applies

# Exclusion reasons returned by Ranker.eligibility(); excluded pairs are never ranked.
EXCLUDED_OFFENCE = "excluded_offence"        # (no params: the category itself is sensitive)
OUTSIDE_PERMITTED_AREA = "outside_permitted_area"  # (no params)
NO_SEATS_LEFT = "no_seats_left"              # (no params)

#: code -> tuple of param names, for the app's translation catalogue and its tests.
REASON_PARAMS: dict[str, tuple[str, ...]] = {
    SKILLS_MATCHED: ("matched", "required"),
    PREFERRED_SKILLS: ("matched",),
    SECTOR_INTEREST: ("sector",),
    SAME_COMMUNE: (),
    SAME_PROVINCE: (),
    DISTANCE_KM: ("km",),
    WITHIN_COMMUTE: (),
    TRANSPORT_PROVIDED: (),
    DORMITORY_PROVIDED: (),
    WAGE_MEETS_EXPECTATION: ("wage",),
    WAGE_BELOW_EXPECTATION: ("wage", "expected"),
    SHIFT_FIT: ("shift",),
    TRAINING_FOR_NEW_SKILLS: (),
    EDUCATION_GAP: ("required", "has"),
    PHYSICAL_GAP: ("required", "has"),
    FEW_SEATS_MANY_REFERRALS: ("seats", "referrals"),
    EMPLOYER_TRACK_RECORD: ("hired",),
    SIMILAR_EXPERIENCE: (),
    PROFILE_FIT: (),
    EXCLUDED_OFFENCE: (),
    OUTSIDE_PERMITTED_AREA: (),
    NO_SEATS_LEFT: (),
}

#: Codes that mean "this pair must not be suggested".
EXCLUSION_CODES: frozenset[str] = frozenset(
    {EXCLUDED_OFFENCE, OUTSIDE_PERMITTED_AREA, NO_SEATS_LEFT}
)

#: Codes that flag a gap or a warning rather than a strength.
CAUTION_CODES: frozenset[str] = frozenset(
    {WAGE_BELOW_EXPECTATION, EDUCATION_GAP, PHYSICAL_GAP, FEW_SEATS_MANY_REFERRALS}
)

ALL_CODES: frozenset[str] = frozenset(REASON_PARAMS)
