"""Pair features, computed for many pairs at once.

Three shapes of work share one feature builder:

* one candidate against many positions (``Ranker.rank``),
* one position against many candidates (``Ranker.rank_candidates``),
* aligned pairs (``Ranker.fit`` on outcome rows).

Side arrays have length 1 or N and broadcast. The builder only ever sees the
arrays listed in ``CandidateIndex.side``: gender, birth year and offence are
not among them, so they cannot influence a score.
"""
from __future__ import annotations

import numpy as np

from .index import CandidateIndex, PositionIndex

FEATURES: tuple[str, ...] = (
    "req_coverage",        # share of required skills the candidate has (1 if none required)
    "req_missing",         # number of required skills missing
    "pref_overlap",        # share of preferred skills the candidate has
    "sector_interest",     # 1 desired, 0 not desired, 0.5 candidate stated no preference
    "education_gap",       # levels below the minimum
    "physical_gap",        # physical demand above capacity
    "shift_fit",           # 1 fits, 0 does not, 0.5 unknown
    "log_distance",        # log1p(km), haversine or a province/commune estimate
    "same_province",       # 1 same province, 0 different, 0.5 unknown
    "beyond_reach",        # how far past the candidate's reach, in reach units (0..5)
    "commute_burden",      # beyond_reach when no dormitory removes the commute
    "transport_provided",
    "housing_match",       # needs housing and the position provides it
    "housing_unmet",       # needs housing and the position does not provide it
    "wage_ratio",          # wage / expectation, clipped to 0..2 (1 if unknown)
    "wage_shortfall",      # max(0, 1 - wage_ratio)
    "is_training",
    "training_low_skill",  # training place for a candidate with at most one skill
    "employer_hire",       # time-decayed smoothed employer hire rate minus the global rate (fit time)
    "employer_keep",       # time-decayed smoothed employer 90-day retention minus global
    "sector_hire",         # smoothed hire rate of the position's sector and kind minus global
    "hired_here_before",   # this employer hired this person before (their own past referrals)
    "declined_here_before",  # this employer declined this person before
    "trained_for",         # the person completed a training that leads to this job
    "text_sim",            # cosine of character n-grams, experience vs the position's text
    "title_sim",           # cosine of the person's experience against the position's title
)                          # the text columns come last: computed on the shortlist only
N_FEATURES = len(FEATURES)
TEXT = FEATURES.index("text_sim")
COL = {name: i for i, name in enumerate(FEATURES)}

#: Hand-set logit weights of the cold-start prior, chosen to reflect what case
#: workers report matters: skills, reach/housing, wage and stated interest.
PRIOR_WEIGHTS: dict[str, float] = {
    "req_coverage": 2.0, "req_missing": -0.4, "pref_overlap": 0.6,
    "sector_interest": 1.2, "education_gap": -0.6, "physical_gap": -0.8,
    "shift_fit": 0.5, "log_distance": -0.25, "same_province": 0.5, "beyond_reach": -0.4,
    "commute_burden": -0.8, "transport_provided": 0.2, "housing_match": 1.0,
    "housing_unmet": -0.6, "wage_ratio": 0.5, "wage_shortfall": -1.5,
    "is_training": -0.5, "training_low_skill": 1.2, "employer_hire": 2.0,
    "employer_keep": 2.0, "sector_hire": 1.0,
    "hired_here_before": 0.8, "declined_here_before": -1.5, "trained_for": 3.0,
    "text_sim": 1.5,
    "title_sim": 1.5,
}
PRIOR_BIAS = -2.5
PRIOR_VECTOR = np.array([PRIOR_WEIGHTS[f] for f in FEATURES])


def _hits_csc(postings, cols, n: int) -> np.ndarray:
    """Per-row count of entries in the given hashed columns (see ``index.Postings``)."""
    return postings.hits(cols)


def _row_cols(csr, row: int) -> np.ndarray:
    return csr.indices[csr.indptr[row]:csr.indptr[row + 1]]


def _rowwise(a, b) -> np.ndarray:
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def overlaps_for_candidate(one, pi: PositionIndex) -> dict:
    """Set overlaps of one candidate (an ``OneCandidate``) against every position."""
    return {
        "req_hits": _hits_csc(pi.req_csc, one.skill_cols, pi.n),
        "pref_hits": _hits_csc(pi.pref_csc, one.skill_cols, pi.n),
        "sector_in": (np.isin(pi.sector_col, one.desired_cols) & (pi.sector_hash != 0)).astype(float),
        "shift_in": (np.isin(pi.shift_col, one.shift_cols) & (pi.shift_hash != 0)).astype(float),
        **_history_for_candidate(one, pi),
    }


def _history_for_candidate(one, pi: PositionIndex) -> dict:
    named = pi.employer_hash != 0
    none = np.zeros(pi.n)
    return {
        "hired_here": (np.isin(pi.employer_col, one.hired_cols) & named).astype(float)
        if len(one.hired_cols) else none,
        "declined_here": (np.isin(pi.employer_col, one.declined_cols) & named).astype(float)
        if len(one.declined_cols) else none,
        "trained_for": np.minimum(pi.trained_csc.hits(one.training_cols), 1.0)
        if len(one.training_cols) else none,
    }


def overlaps_for_position(pi: PositionIndex, row: int, ci: CandidateIndex) -> dict:
    """Set overlaps of position ``row`` against every candidate of ``ci``."""
    sector = _row_cols(pi.sector_set, row)
    shift = _row_cols(pi.shift_set, row)
    employer = _row_cols(pi.employer_set, row)
    return {
        "req_hits": _hits_csc(ci.skills_csc, _row_cols(pi.req, row), ci.n),
        "pref_hits": _hits_csc(ci.skills_csc, _row_cols(pi.pref, row), ci.n),
        "sector_in": np.minimum(_hits_csc(ci.desired_csc, sector, ci.n), 1.0),
        "shift_in": np.minimum(_hits_csc(ci.shifts_csc, shift, ci.n), 1.0),
        "hired_here": np.minimum(ci.hired_csc.hits(employer), 1.0),
        "declined_here": np.minimum(ci.declined_csc.hits(employer), 1.0),
        "trained_for": np.minimum(ci.completed_csc.hits(_row_cols(pi.trained, row)), 1.0),
    }


def overlaps_for_pairs(ci: CandidateIndex, c_rows, pi: PositionIndex, p_rows) -> dict:
    """Set overlaps of aligned pairs (``c_rows[i]``, ``p_rows[i]``)."""
    skills = ci.skills[c_rows]
    return {
        "req_hits": _rowwise(skills, pi.req[p_rows]),
        "pref_hits": _rowwise(skills, pi.pref[p_rows]),
        "sector_in": np.minimum(_rowwise(ci.desired[c_rows], pi.sector_set[p_rows]), 1.0),
        "shift_in": np.minimum(_rowwise(ci.shifts[c_rows], pi.shift_set[p_rows]), 1.0),
        "hired_here": np.minimum(_rowwise(ci.hired_by[c_rows], pi.employer_set[p_rows]), 1.0),
        "declined_here": np.minimum(_rowwise(ci.declined_by[c_rows], pi.employer_set[p_rows]), 1.0),
        "trained_for": np.minimum(_rowwise(ci.completed[c_rows], pi.trained[p_rows]), 1.0),
    }


def text_sim_rows(a, b) -> np.ndarray:
    """Cosine of one normalised text ``a`` (1 x T row, or (cols, weights)) against rows ``b``."""
    if b.shape[0] == 0:
        return np.zeros(0)
    cols, data = (a.indices, a.data) if hasattr(a, "indices") else a
    # A dense copy of the single row turns the product into one sparse mat-vec.
    dense = np.zeros(b.shape[1], dtype=np.float32)
    dense[cols] = data
    return np.asarray(b @ dense, dtype=np.float64).ravel()


def distance(c: dict, p: dict) -> tuple[np.ndarray, np.ndarray]:
    """Kilometres between sides and whether it came from coordinates.

    Without coordinates on both sides the distance is a coarse estimate:
    3 km in the same commune, 25 km in the same province, 150 km across
    provinces and 50 km when a province is unknown.
    """
    lat1, lat2 = c["lat_r"], p["lat_r"]
    if np.isnan(lat1).all() or np.isnan(lat2).all():  # one side has no coordinates at all
        hav = np.full(np.broadcast(lat1, lat2).shape, np.nan)
        return _estimate(c, p, hav), ~np.isnan(hav)
    s1 = np.sin((lat2 - lat1) * 0.5)
    s2 = np.sin((p["lon_r"] - c["lon_r"]) * 0.5)
    a = s1 * s1 + c["cos_lat"] * p["cos_lat"] * s2 * s2
    hav = (2 * 6371.0) * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    known = ~np.isnan(hav)
    if known.all():
        return hav, known
    return _estimate(c, p, hav), known


def _estimate(c: dict, p: dict, hav: np.ndarray) -> np.ndarray:
    """Measured kilometres where known, else the coarse commune/province estimate."""
    known = ~np.isnan(hav)
    same_ward = (c["ward_hash"] == p["ward_hash"]) & (c["ward_hash"] != 0)
    same_prov = (c["prov_hash"] == p["prov_hash"]) & (c["prov_hash"] != 0)
    both_prov = (c["prov_hash"] != 0) & (p["prov_hash"] != 0)
    est = np.where(same_ward & same_prov, 3.0,
                   np.where(same_prov, 25.0, np.where(both_prov, 150.0, 50.0)))
    return np.where(known, hav, est)


def build(c: dict, p: dict, ov: dict, enc: dict, text_sim=0.0, title_sim=0.0) -> np.ndarray:
    """Feature matrix (N x N_FEATURES) from broadcastable side arrays.

    ``c``/``p`` come from ``CandidateIndex.side``/``PositionIndex.side``,
    ``ov`` from one of the ``overlaps_*`` functions and ``enc`` holds the
    fit-time target encodings aligned with ``p`` (zeros when unfitted).
    """
    n_req, n_pref = p["n_req"], p["n_pref"]
    hits = np.minimum(ov["req_hits"], n_req)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = np.where(n_req > 0, hits / np.maximum(n_req, 1), 1.0)
        pref = np.where(n_pref > 0, np.minimum(ov["pref_hits"], n_pref) / np.maximum(n_pref, 1), 0.0)
        ratio = p["wage"] / np.where(c["wage_exp"] > 0, c["wage_exp"], np.nan)
        ratio = np.where(np.isnan(ratio), 1.0, np.minimum(np.maximum(ratio, 0.0), 2.0))
    dist, _ = distance(c, p)
    reach = np.where(np.isfinite(c["max_commute"]), c["max_commute"],
                     np.where(c["has_transport"] > 0, 25.0, 8.0))
    reach = np.maximum(np.maximum(reach, 40.0 * p["transport"]), 1.0)
    beyond = np.minimum(np.maximum((dist - reach) / reach, 0.0), 5.0)
    cols = {
        "req_coverage": cov,
        "req_missing": n_req - hits,
        "pref_overlap": pref,
        "sector_interest": np.where(c["n_desired"] > 0, ov["sector_in"], 0.5),
        "education_gap": np.maximum(p["min_edu"] - c["education"], 0.0),
        "physical_gap": np.maximum(p["phys"] - c["capacity"], 0.0),
        "shift_fit": np.where((p["shift_hash"] == 0) | (c["n_shifts"] == 0), 0.5, ov["shift_in"]),
        "log_distance": np.log1p(dist),
        "same_province": np.where((c["prov_hash"] == 0) | (p["prov_hash"] == 0), 0.5,
                                  (c["prov_hash"] == p["prov_hash"]).astype(np.float64)),
        "beyond_reach": beyond,
        "commute_burden": beyond * (1.0 - p["housing"]),
        "transport_provided": p["transport"],
        "housing_match": c["needs_housing"] * p["housing"],
        "housing_unmet": c["needs_housing"] * (1.0 - p["housing"]),
        "wage_ratio": ratio,
        "wage_shortfall": np.maximum(1.0 - ratio, 0.0),
        "is_training": p["training"],
        "training_low_skill": p["training"] * (c["n_skills"] <= 1),
        "employer_hire": enc["employer_hire"],
        "employer_keep": enc["employer_keep"],
        "sector_hire": enc["sector_hire"],
        "hired_here_before": ov["hired_here"],
        "declined_here_before": ov["declined_here"],
        "trained_for": ov["trained_for"],
        "text_sim": text_sim,
        "title_sim": title_sim,
    }
    n = max(np.size(v) for v in cols.values())
    # Column-major: each feature is written contiguously, ~2x faster to fill.
    X = np.empty((n, N_FEATURES), dtype=np.float64, order="F")
    for j, name in enumerate(FEATURES):
        X[:, j] = cols[name]
    return X


def seat_factor(seats, referrals) -> np.ndarray:
    """Multiplicative score discount when referrals exceed ~3 per open seat.

    Promising a place that a queue of other people is already chasing sets
    people up to fail, so the score shrinks with the square root of the
    oversubscription, never below 0.3 so the position stays visible.
    """
    seats = np.maximum(np.asarray(seats, dtype=np.float64), 0.0)
    referrals = np.asarray(referrals, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.sqrt(np.where(referrals > 3 * seats, 3 * seats / np.maximum(referrals, 1), 1.0))
    return np.clip(f, 0.3, 1.0)
