"""Reasons for a suggested pair, derived from its feature row.

Only called for the top-k matches, so plain Python is fine here. Params
carry skills counts, sector and shift codes, distances and wages: never
gender, birth year or offence values.
"""
from __future__ import annotations

import math

import numpy as np

from . import reasons as R
from .features import COL
from .types import Candidate, Position, Reason

#: Cosine of character n-gram vectors above which experience counts as similar.
SIMILAR_TEXT = 0.35
#: Past hires needed before an employer's record is mentioned.
TRACK_RECORD_MIN_HIRES = 3


def explain(c: Candidate, p: Position, x: np.ndarray, seat_factor: float,
            employer_hired: int = 0, seats: int | None = None,
            referrals: int | None = None) -> tuple[Reason, ...]:
    """Reasons for one (candidate, position) pair, strengths first, cautions last.

    ``x`` is the pair's feature row, ``seat_factor`` the applied seat discount
    and ``employer_hired`` the employer's hires seen at fit time (0 if
    unfitted); ``seats``/``referrals`` are live counts when they differ from
    the position's. Always returns at least one reason.
    """
    out: list[Reason] = []
    n_req = len(p.required_skills)
    matched = len(p.required_skills & c.skills)
    if n_req and matched:
        out.append(Reason(R.SKILLS_MATCHED, {"matched": matched, "required": n_req}))
    pref = len(p.preferred_skills & c.skills)
    if pref:
        out.append(Reason(R.PREFERRED_SKILLS, {"matched": pref}))
    if x[COL["sector_interest"]] == 1.0 and p.sector:
        out.append(Reason(R.SECTOR_INTEREST, {"sector": p.sector}))
    if x[COL["training_low_skill"]] > 0 or (p.kind == "training" and n_req > matched):
        out.append(Reason(R.TRAINING_FOR_NEW_SKILLS, {}))
    if employer_hired >= TRACK_RECORD_MIN_HIRES and x[COL["employer_hire"]] > 0:
        out.append(Reason(R.EMPLOYER_TRACK_RECORD, {"hired": int(employer_hired)}))
    if x[COL["text_sim"]] >= SIMILAR_TEXT:
        out.append(Reason(R.SIMILAR_EXPERIENCE, {}))
    out.extend(_place(c, p, x))
    if p.wage and c.wage_expectation:
        if p.wage >= c.wage_expectation:
            out.append(Reason(R.WAGE_MEETS_EXPECTATION, {"wage": int(p.wage)}))
    if x[COL["shift_fit"]] == 1.0 and p.shift:
        out.append(Reason(R.SHIFT_FIT, {"shift": p.shift}))

    # Cautions: shown so nobody is surprised at the interview.
    if p.wage and c.wage_expectation and p.wage < c.wage_expectation:
        out.append(Reason(R.WAGE_BELOW_EXPECTATION,
                          {"wage": int(p.wage), "expected": int(c.wage_expectation)}))
    if x[COL["education_gap"]] > 0:
        out.append(Reason(R.EDUCATION_GAP, {"required": int(p.min_education), "has": int(c.education)}))
    if x[COL["physical_gap"]] > 0:
        out.append(Reason(R.PHYSICAL_GAP, {"required": int(p.physical_demand), "has": int(c.physical_capacity)}))
    if seat_factor < 1.0:
        out.append(Reason(R.FEW_SEATS_MANY_REFERRALS,
                          {"seats": int(p.seats if seats is None else seats),
                           "referrals": int(p.open_referrals if referrals is None else referrals)}))
    if not out:
        out.append(Reason(R.PROFILE_FIT, {}))
    return tuple(out)


def _place(c: Candidate, p: Position, x: np.ndarray) -> list[Reason]:
    """Where the work is, claiming only what is known.

    Ward codes are only compared inside one province (a ward code alone
    does not name a commune), and kilometres or "within your commute" are
    claimed only from real coordinates on both sides, never from the
    province-level estimate the features fall back on.
    """
    out = []
    same_province = bool(c.province and p.province and str(c.province) == str(p.province))
    if same_province and c.ward and p.ward and str(c.ward) == str(p.ward):
        out.append(Reason(R.SAME_COMMUNE, {}))
    elif same_province:
        out.append(Reason(R.SAME_PROVINCE, {}))
    if has_coordinates(c, p):
        km = math.expm1(x[COL["log_distance"]])
        out.append(Reason(R.DISTANCE_KM, {"km": round(km, 1)}))
        if x[COL["beyond_reach"]] == 0:
            out.append(Reason(R.WITHIN_COMMUTE, {}))
    if p.transport_provided:
        out.append(Reason(R.TRANSPORT_PROVIDED, {}))
    if p.housing_provided:
        out.append(Reason(R.DORMITORY_PROVIDED, {}))
    return out


def has_coordinates(c: Candidate, p: Position) -> bool:
    """Both sides carry real coordinates (so a distance is measured, not guessed)."""
    return None not in (c.lat, c.lon, p.lat, p.lon)
