"""A synthetic labour market whose ground truth is known, for tests and benchmarks.

Every candidate/position pair has a hidden utility built from the things the
ranker can see (skills, distance versus reach, dormitory for people who need
housing, wage versus expectation, interest, shift, education and physical
gaps, training for people with few skills) plus things it can only learn
from outcomes: a latent quality per employer (drives hiring and, more
strongly, retention) and a latent effect per sector. Referrals are made by a
simulated case worker who sees only the visible part, so outcome history
carries information the cold-start prior lacks.
"""
from __future__ import annotations

import numpy as np

from .taxonomy import OFFENCE_CATEGORIES, SECTOR_SKILLS, SECTORS, SHIFTS, SKILLS
from .types import Candidate, Outcome, Position

PROVINCES = {  # code -> approximate centre (lat, lon)
    "01": (21.03, 105.85), "79": (10.78, 106.70), "31": (20.86, 106.68),
    "48": (16.05, 108.20), "92": (10.03, 105.78), "37": (20.25, 105.97),
    "27": (21.18, 106.07), "24": (21.27, 106.19), "38": (19.80, 105.77),
    "40": (18.67, 105.68),
}
WARDS_PER_PROVINCE = 12
SKILL_LIST = list(SKILLS)
SECTOR_LIST = list(SECTORS)
SHIFT_LIST = list(SHIFTS)
OFFENCE_LIST = list(OFFENCE_CATEGORIES)
_SECTOR_EFFECT = np.array([-0.3, 0.3, 0.4, -0.2, 0.0, 0.1, 0.2, -0.1])[: len(SECTOR_LIST)]
_PHYS = {"quarry": (2, 3), "construction": (2, 3), "agriculture": (1, 2), "logistics": (1, 3),
         "manufacturing": (1, 2), "garment": (0, 1), "electronics": (0, 1), "services": (0, 1)}
_BASE_WAGE = {"quarry": 8.0, "construction": 8.5, "agriculture": 5.5, "logistics": 7.5,
              "manufacturing": 7.0, "garment": 6.5, "electronics": 7.2, "services": 6.0}
_SECTOR_SKILL_IDX = [[SKILL_LIST.index(s) for s in SECTOR_SKILLS[sec]] for sec in SECTOR_LIST]


def _popcount(a) -> np.ndarray:
    """Set bits per int64 (np.bitwise_count needs numpy 2; the floor is 1.26)."""
    a = np.ascontiguousarray(np.asarray(a, dtype=np.int64))
    return np.unpackbits(a.view(np.uint8).reshape(-1, 8), axis=1).sum(1).reshape(a.shape)


def _bits(idx) -> int:
    out = 0
    for i in idx:
        out |= 1 << int(i)
    return out


def _members(mask: int, names: list) -> frozenset:
    return frozenset(n for i, n in enumerate(names) if mask >> i & 1)


def _haversine(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _places(rng, n, prov_weights):
    prov_codes = list(PROVINCES)
    prov = rng.choice(len(prov_codes), n, p=prov_weights)
    ward = rng.integers(0, WARDS_PER_PROVINCE, n)
    centre = np.array([PROVINCES[c] for c in prov_codes])
    ward_rng = np.random.default_rng(12345)  # fixed ward map, same in every world
    offsets = ward_rng.normal(0, 0.22, (len(prov_codes), WARDS_PER_PROVINCE, 2))
    lat = centre[prov, 0] + offsets[prov, ward, 0] + rng.normal(0, 0.02, n)
    lon = centre[prov, 1] + offsets[prov, ward, 1] + rng.normal(0, 0.02, n)
    return prov, ward, lat, lon


def _ward_code(prov: int, ward: int) -> str:
    return f"{int(list(PROVINCES)[prov]) * 1000 + ward * 7 + 1:05d}"


class _Arrays:
    pass


def _utility(C, P, ci, pi, rng):
    """Hidden utility of pairs and the case worker's visible estimate of it."""
    req = P.req[pi]
    n_req = _popcount(req).astype(float)
    have = _popcount(req & C.skills[ci]).astype(float)
    cov = np.where(n_req > 0, have / np.maximum(n_req, 1), 1.0)
    pref = _popcount(P.pref[pi] & C.skills[ci]) > 0
    interest = np.where(C.desired[ci] == 0, 0.5, (C.desired[ci] >> P.sector[pi]) & 1)
    shift_ok = (C.shifts[ci] == 0) | ((C.shifts[ci] >> P.shift[pi]) & 1 == 1)
    dist = _haversine(C.lat[ci], C.lon[ci], P.lat[pi], P.lon[pi])
    reach = np.where(np.isnan(C.commute[ci]), np.where(C.transport[ci], 25.0, 8.0), C.commute[ci])
    reach = np.maximum(reach, 40.0 * P.transport[pi])
    beyond = np.clip((dist - reach) / reach, 0, 5)
    dorm = P.housing[pi]
    needs = C.housing[ci]
    # A dormitory softens a long commute but moving far from family still costs.
    commute = (-0.9 * beyond * np.where(dorm, 0.3, 1.0) - 0.35 * np.log1p(dist / 10.0)
               - np.where(needs & ~dorm, 1.0, 0.0) + np.where(needs & dorm, 0.6, 0.0))
    exp = C.wage[ci]
    wage_ok = np.where(np.isnan(exp) | np.isnan(P.wage[pi]), 0.0,
                       -2.0 * np.clip(1 - P.wage[pi] / np.where(np.isnan(exp), 1, exp), 0, 1))
    low_skill = _popcount(C.skills[ci]) <= 1
    training = P.training[pi]
    visible = (1.8 * cov + 0.4 * pref + 0.8 * interest - 0.5 * np.maximum(P.edu[pi] - C.edu[ci], 0)
               - 0.8 * np.maximum(P.phys[pi] - C.cap[ci], 0) + 0.4 * shift_ok + commute + wage_ok
               + np.where(training, np.where(low_skill, 1.0, -0.6), 0.0))
    hidden = 0.9 * P.quality[pi] + _SECTOR_EFFECT[P.sector[pi]]
    return visible + hidden, visible


def make_world(n_candidates: int = 2000, n_positions: int = 800, n_outcomes: int = 8000,
               seed: int = 0):
    """Generate ``(candidates, positions, outcomes)`` with a known ground truth.

    Outcomes are in chronological order (later ones come last) and graded
    0..3 like real ones. Deterministic for a given ``seed``.
    """
    rng = np.random.default_rng(seed)
    n_prov = len(PROVINCES)
    prov_w = rng.dirichlet(np.full(n_prov, 3.0))
    nS = len(SECTOR_LIST)

    # Employers and positions.
    n_emp = max(3, n_positions // 4)
    emp_sector = rng.integers(0, nS, n_emp)
    emp_quality = rng.normal(0, 1, n_emp)
    emp_prov, emp_ward, emp_lat, emp_lon = _places(rng, n_emp, prov_w)
    emp_housing = rng.random(n_emp) < np.where(np.isin(emp_sector, [0, 1, 3]), 0.5, 0.15)
    emp_transport = rng.random(n_emp) < 0.2
    P = _Arrays()
    e = rng.integers(0, n_emp, n_positions)
    P.employer = e
    P.quality = emp_quality[e]
    P.sector = np.where(rng.random(n_positions) < 0.9, emp_sector[e], rng.integers(0, nS, n_positions))
    P.training = rng.random(n_positions) < 0.15
    P.req = np.zeros(n_positions, dtype=np.int64)
    P.pref = np.zeros(n_positions, dtype=np.int64)
    for i in range(n_positions):
        pool = _SECTOR_SKILL_IDX[P.sector[i]]
        if not P.training[i]:
            P.req[i] = _bits(rng.choice(pool, rng.integers(1, 3), replace=False))
        P.pref[i] = _bits(rng.choice(len(SKILL_LIST), rng.integers(0, 3), replace=False)) & ~P.req[i]
    P.edu = np.where(P.training, 0, rng.integers(0, 4, n_positions)).astype(float)
    lo_hi = np.array([_PHYS[s] for s in SECTOR_LIST])[P.sector]
    P.phys = rng.integers(lo_hi[:, 0], lo_hi[:, 1] + 1).astype(float)
    P.shift = rng.choice(len(SHIFT_LIST), n_positions, p=[0.6, 0.15, 0.25])
    base = np.array([_BASE_WAGE[s] for s in SECTOR_LIST])[P.sector]
    P.wage = np.round(np.where(P.training, 2.5, base + rng.normal(0, 0.8, n_positions)), 1) * 1e6
    P.wage[rng.random(n_positions) < 0.1] = np.nan
    P.lat = emp_lat[e] + rng.normal(0, 0.01, n_positions)
    P.lon = emp_lon[e] + rng.normal(0, 0.01, n_positions)
    P.housing = emp_housing[e]
    P.transport = emp_transport[e]
    seats = np.where(rng.random(n_positions) < 0.07, 0, rng.integers(1, 9, n_positions))
    referrals = rng.poisson(np.where(rng.random(n_positions) < 0.1, 12, 2))

    # Candidates.
    C = _Arrays()
    c_prov, c_ward, C.lat, C.lon = _places(rng, n_candidates, prov_w)
    home = rng.integers(0, nS, n_candidates)
    C.skills = np.zeros(n_candidates, dtype=np.int64)
    for i in range(n_candidates):
        pool = _SECTOR_SKILL_IDX[home[i]]
        k = rng.choice(4, p=[0.25, 0.35, 0.25, 0.15])
        bits = _bits(rng.choice(pool, min(k, len(pool)), replace=False))
        if rng.random() < 0.2:
            bits |= 1 << int(rng.integers(0, len(SKILL_LIST)))
        C.skills[i] = bits
    second = rng.integers(0, nS, n_candidates)
    C.desired = np.where(rng.random(n_candidates) < 0.15, 0,
                         (1 << home) | np.where(rng.random(n_candidates) < 0.35, 1 << second, 0))
    C.shifts = np.where(rng.random(n_candidates) < 0.2, 0, rng.integers(1, 8, n_candidates))
    C.edu = rng.choice(7, n_candidates, p=[0.05, 0.2, 0.35, 0.25, 0.08, 0.05, 0.02]).astype(float)
    C.cap = rng.integers(0, 4, n_candidates).astype(float)
    C.transport = rng.random(n_candidates) < 0.45
    C.housing = rng.random(n_candidates) < 0.3
    C.commute = np.where(rng.random(n_candidates) < 0.3, np.nan, rng.uniform(5, 40, n_candidates))
    C.wage = np.where(rng.random(n_candidates) < 0.2, np.nan,
                      np.round(rng.uniform(4.5, 9.0, n_candidates), 1) * 1e6)
    offence = rng.integers(0, len(OFFENCE_LIST), n_candidates)
    restricted = rng.random(n_candidates) < 0.2
    excluded = np.where(rng.random(n_positions) < 0.2,
                        (1 << rng.integers(0, 3, n_positions)) | np.where(rng.random(n_positions) < 0.3, 1 << rng.integers(0, len(OFFENCE_LIST), n_positions), 0),
                        0)

    # Outcomes: a case worker refers each candidate to the visibly best of a
    # sample of mostly local, eligible positions; the hidden truth grades it.
    order_by_prov = np.argsort(emp_prov[e], kind="stable")
    starts = np.searchsorted(emp_prov[e][order_by_prov], np.arange(n_prov))
    counts = np.bincount(emp_prov[e], minlength=n_prov)
    events_c = rng.integers(0, n_candidates, n_outcomes)
    events_p = np.zeros(n_outcomes, dtype=np.int64)
    labels = np.zeros(n_outcomes, dtype=np.int64)
    K = 40
    for s in range(0, n_outcomes, 20000):
        ci = np.repeat(events_c[s:s + 20000], K)
        m = len(ci)
        cp = c_prov[ci]
        local = (rng.random(m) < 0.75) & (counts[cp] > 0)
        pick_local = order_by_prov[np.minimum(starts[cp] + (rng.random(m) * counts[cp]).astype(np.int64),
                                              n_positions - 1)]
        pi = np.where(local, pick_local, rng.integers(0, n_positions, m))
        ok = ((excluded[pi] >> offence[ci]) & 1 == 0) & (~restricted[ci] | (emp_prov[e][pi] == cp))
        truth, visible = _utility(C, P, ci, pi, rng)
        # Experienced case workers know which employers keep people, partly.
        known_quality = 0.6 * P.quality[pi]
        pick_score = np.where(ok, visible + known_quality + rng.gumbel(0, 0.7, m), -np.inf).reshape(-1, K)
        best = pick_score.argmax(1)
        rows = np.arange(len(best)) * K + best
        valid = np.isfinite(pick_score.max(1))
        events_p[s:s + 20000] = np.where(valid, pi[rows], -1)
        q = P.quality[pi[rows]]
        latent = truth[rows] - 1.6 + rng.normal(0, 0.8, len(rows))
        lab = (latent > 0).astype(np.int64)
        lab += (latent + 0.8 * q > 0.9) & (lab >= 1)
        lab += (latent + 1.0 * q > 1.8) & (lab >= 2)
        labels[s:s + 20000] = lab

    positions = [
        Position(
            id=f"P{i:06d}", employer_id=f"E{P.employer[i]:05d}",
            kind="training" if P.training[i] else "job", sector=SECTOR_LIST[P.sector[i]],
            required_skills=_members(int(P.req[i]), SKILL_LIST),
            preferred_skills=_members(int(P.pref[i]), SKILL_LIST),
            min_education=int(P.edu[i]), physical_demand=int(P.phys[i]),
            shift=SHIFT_LIST[P.shift[i]],
            wage=None if np.isnan(P.wage[i]) else int(P.wage[i]),
            seats=int(seats[i]), open_referrals=int(referrals[i]),
            province=list(PROVINCES)[emp_prov[P.employer[i]]],
            ward=_ward_code(emp_prov[P.employer[i]], emp_ward[P.employer[i]]),
            lat=None if i % 7 == 3 else round(float(P.lat[i]), 5),
            lon=None if i % 7 == 3 else round(float(P.lon[i]), 5),
            housing_provided=bool(P.housing[i]), transport_provided=bool(P.transport[i]),
            excluded_offences=_members(int(excluded[i]), OFFENCE_LIST),
            text=_position_text(P, i),
        )
        for i in range(n_positions)
    ]
    genders = np.array(["male", "female", None], dtype=object)
    g = rng.choice(3, n_candidates, p=[0.78, 0.2, 0.02])
    birth = rng.integers(1960, 2006, n_candidates)
    candidates = [
        Candidate(
            id=f"C{i:06d}", skills=_members(int(C.skills[i]), SKILL_LIST), education=int(C.edu[i]),
            province=list(PROVINCES)[c_prov[i]], ward=_ward_code(c_prov[i], c_ward[i]),
            lat=None if i % 4 == 1 else round(float(C.lat[i]), 5),
            lon=None if i % 4 == 1 else round(float(C.lon[i]), 5),
            max_commute_km=None if np.isnan(C.commute[i]) else float(round(C.commute[i], 1)),
            has_transport=bool(C.transport[i]), needs_housing=bool(C.housing[i]),
            physical_capacity=int(C.cap[i]), shifts=_members(int(C.shifts[i]), SHIFT_LIST),
            desired_sectors=_members(int(C.desired[i]), SECTOR_LIST),
            wage_expectation=None if np.isnan(C.wage[i]) else int(C.wage[i]),
            offence_category=OFFENCE_LIST[offence[i]], travel_restricted=bool(restricted[i]),
            birth_year=int(birth[i]), gender=genders[g[i]], text=_candidate_text(C, i),
        )
        for i in range(n_candidates)
    ]
    outcomes = [
        Outcome(candidates[c].id, positions[p].id, int(lab))
        for c, p, lab in zip(events_c, events_p, labels, strict=True) if p >= 0
    ]
    return candidates, positions, outcomes


def _position_text(P, i: int) -> str:
    sector = SECTORS[SECTOR_LIST[P.sector[i]]][0].lower()
    skills = ", ".join(SKILLS[s][0].lower() for s in _members(int(P.req[i] | P.pref[i]), SKILL_LIST))
    head = "Lớp đào tạo nghề" if P.training[i] else "Tuyển lao động"
    extra = " Có ký túc xá." if P.housing[i] else ""
    return f"{head} ngành {sector}. Công việc: {skills or 'phổ thông'}.{extra}"


def _candidate_text(C, i: int) -> str:
    skills = ", ".join(SKILLS[s][0].lower() for s in _members(int(C.skills[i]), SKILL_LIST))
    wants = ", ".join(SECTORS[s][0].lower() for s in _members(int(C.desired[i]), SECTOR_LIST))
    parts = []
    if skills:
        parts.append(f"Đã từng làm {skills}.")
    if wants:
        parts.append(f"Muốn làm việc trong ngành {wants}.")
    return " ".join(parts)
