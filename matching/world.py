"""An evaluation world that is not the library's own formula.

``make_world`` in :mod:`matching.synthetic` builds its truth from exactly the library's features
and constants, so it cannot reveal a misspecified model. This world is built differently, and the
library never reads its truth:

* **skill families**: a welder placed at a pipe-fitting job does almost as well as a pipe fitter;
  the features only see exact skill codes;
* **job titles**: people write the titles they held ("Từng làm thợ hàn ở ...") and each position
  has a title; having held the same title (or one of its family) helps people stay, a strong
  signal on real recruiting records that only the text carries;
* **nonlinear distance**: each person has a hidden tolerance; beyond it retention collapses
  (a logistic cliff, not the features' log-distance), unless a dormitory removes the commute for
  someone who needs housing;
* **company-level hidden quality** drives hiring a little and retention a lot, and is seen only
  through outcomes;
* **interactions the features do not spell out**: a wage shortfall hurts twice as much for
  someone who needs housing; night shifts churn people who need housing; training helps people
  with few skills and bores people with many;
* **companies change**: four in ten employers change (new management, a new dormitory) at a random
  day of the two years the referrals span, and their hidden quality jumps; what an employer was
  like a year ago says less than what it was like last month;
* **employers that turn records away**: each has a hidden aversion that lowers hiring;
* **a person's own history with a company**: someone it hired before is likelier to be hired and
  to stay; someone it declined is likely declined again;
* **training that leads to a job**: most training places lead to a job at the same company; a
  person who completed one (kept 90 days) has that job's skills and is far likelier to be hired
  and to stay there;
* **positions open a long time** are hired into a little more readily and kept less;
* **a caseworker rule unlike the scorer**: local first, the stated sector, employers they already
  refer to often (a popularity loop), employers that hired the person before, the job a person's
  training leads to, training for people with at most one skill, and any exact skill, with Gumbel noise; blind to quality, titles, wages,
  record aversion and how long a position has been open; only positions already open.

Time runs over :data:`DAYS` days; ``Outcome.at`` is the day a referral was made; positions open
at different days (the caseworker only picks among those already open). Each referral names a snapshot of
the person as they were that day (``world.referred``, ids ``C000123/r4567``: their history with
employers and trainings up to then), so a fitted model never sees the outcome it learns in the
person's history. ``world.candidates`` are the people as they are at the end, and the truth is
that of the end: the employers' quality then, the people's history then.

Outcomes are graded like real ones (0 not hired / left early, 1 hired, 2 kept 90 days, 3 kept
180 days) and :meth:`HonestWorld.true_gain` gives each pair's expected gain
``E[2**label - 1] = P(hire) (1 + 2 P(90 | hire) + 4 P(90 | hire) P(180 | 90))``. Seeds used to
choose designs are kept apart from the seeds that are reported (:data:`DESIGN_SEEDS`,
:data:`REPORT_SEEDS`).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .synthetic import PROVINCES, _places, _ward_code
from .taxonomy import OFFENCE_CATEGORIES, SECTORS
from .types import Candidate, Outcome, Position

#: Seeds on which model and design choices were made; never reported as results.
DESIGN_SEEDS = (101, 102)
#: Seeds whose figures are reported (bench, README); never used to choose anything.
REPORT_SEEDS = (201, 202, 203)
#: The span of the referrals, in days.
DAYS = 720.0

SECTOR_LIST = list(SECTORS)
OFFENCE_LIST = list(OFFENCE_CATEGORIES)
# family -> (skills, job titles); a title belongs to exactly one family.
FAMILIES = {
    "stone": (("stone_cutting", "masonry"), ("thợ đá", "thợ hồ", "công nhân mỏ đá")),
    "metal": (("welding", "mechanics", "plumbing"), ("thợ hàn", "thợ cơ khí", "thợ sửa xe")),
    "power": (("electrical", "electronics_assembly"), ("thợ điện", "công nhân lắp ráp điện tử")),
    "textile": (("sewing", "handicraft"), ("công nhân may", "thợ thủ công")),
    "move": (("driving", "forklift", "warehouse", "packing"), ("tài xế", "lái xe nâng", "công nhân kho",
                                                               "công nhân đóng gói")),
    "food": (("cooking", "cleaning"), ("phụ bếp", "nhân viên tạp vụ")),
    "land": (("farming", "livestock", "fishing"), ("công nhân nông trại", "thợ nuôi trồng thủy sản")),
    "front": (("sales", "security", "computer_basic"), ("nhân viên bán hàng", "bảo vệ")),
}
FAMILY_NAMES = list(FAMILIES)
SECTOR_FAMILIES = {
    "quarry": ("stone", "move"), "garment": ("textile", "move"), "electronics": ("power", "move"),
    "construction": ("stone", "metal", "power"), "agriculture": ("land", "move"),
    "services": ("food", "front"), "logistics": ("move",), "manufacturing": ("metal", "textile", "move"),
}
SKILL_FAMILY = {s: f for f, (skills, _) in FAMILIES.items() for s in skills}
TITLES = [(t, f) for f, (_, titles) in FAMILIES.items() for t in titles]
_TITLE_INDEX = {t: i for i, (t, _) in enumerate(TITLES)}


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _haversine(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


@dataclass
class HonestWorld:
    """Candidates, positions and chronological outcomes, plus the hidden truth."""

    candidates: list
    positions: list
    outcomes: list
    seed: int
    _c: dict
    _p: dict
    _history: dict = dataclasses.field(default_factory=dict)
    referred: list = dataclasses.field(default_factory=list)

    def true_gain(self, c_rows, p_rows) -> np.ndarray:
        """Expected gain E[2**label - 1] of referring candidates ``c_rows`` to positions ``p_rows``
        now (at the end of the referrals)."""
        c_rows, p_rows = np.asarray(c_rows), np.asarray(p_rows)
        ctx = _context(self._c, self._p, self._history, c_rows, p_rows, DAYS)
        ph, p90, p180 = _probabilities(self._c, self._p, c_rows, p_rows, ctx)
        return ph * (1.0 + 2.0 * p90 + 4.0 * p90 * p180)


def _context(C: dict, P: dict, H: dict, ci, pi, t) -> dict:
    """What the truth depends on at day ``t`` beyond the people and positions: the employers'
    quality then, how long each position had been open, the person's history with the company."""
    e = P["employer"][pi]
    n_emp, n_pos = P["n_emp"], len(P["employer"])
    t = np.broadcast_to(np.asarray(t, dtype=np.float64), np.shape(ci))
    return {
        "q": P["q0"][e] + P["jump"][e] * (t >= P["change_day"][e]),
        "days": np.maximum(t - P["open_day"][pi], 0.0),
        "hired": np.isin(ci * n_emp + e, H.get("hired", np.zeros(0, np.int64))),
        "declined": np.isin(ci * n_emp + e, H.get("declined", np.zeros(0, np.int64))),
        "trained": np.isin(ci * n_pos + pi, H.get("trained", np.zeros(0, np.int64))),
    }


def _probabilities(C: dict, P: dict, ci, pi, ctx: dict):
    """Hire, 90-day and 180-day probabilities of pairs (the hidden truth) in context ``ctx``."""
    req = P["req_fam"][pi]                       # (n, n_fam) families of required skills
    exact = P["req_n"][pi] > 0
    have_exact = np.where(exact, (C["skills"][ci] & P["req"][pi]) != 0, True)
    fam_overlap = (C["fam"][ci] * req).sum(1) / np.maximum(req.sum(1), 1)
    skill = np.where(have_exact, 1.0, 0.6 * fam_overlap)
    skill = np.where(P["training"][pi], 0.0, np.where(ctx["trained"], 1.0, skill))
    n_sk = C["n_skills"][ci]
    training = np.where(P["training"][pi], np.where(n_sk <= 1, 1.2, -0.8), 0.0)
    dist = _haversine(C["lat"][ci], C["lon"][ci], P["lat"][pi], P["lon"][pi])
    dorm_fix = P["housing"][pi] & C["housing"][ci]
    cliff = np.where(dorm_fix, 0.15, _sigmoid((dist - C["tolerance"][ci]) / (0.25 * C["tolerance"][ci])))
    short = np.clip(1.0 - P["wage"][pi] / C["wage"][ci], 0.0, 1.0)
    short = np.where(np.isnan(short), 0.0, short) * np.where(C["housing"][ci], 2.0, 1.0)
    night_churn = (P["night"][pi] & C["housing"][ci]).astype(float)
    same_title = (C["titles"][ci] >> P["title"][pi]) & 1
    fam_title = ((C["title_fam"][ci] >> P["title_fam"][pi]) & 1) & (1 - same_title)
    interest = np.where(C["desired"][ci] == 0, 0.3, (C["desired"][ci] >> P["sector"][pi]) & 1)
    edu_gap = np.maximum(P["edu"][pi] - C["edu"][ci], 0)
    q = ctx["q"]
    stale = np.log1p(ctx["days"] / 60.0)
    known, declined, trained = (ctx[k].astype(float) for k in ("hired", "declined", "trained"))
    hire = (-0.6 + 1.6 * skill + 0.35 * q + 0.5 * interest - 0.5 * edu_gap - 0.6 * np.maximum(
        P["phys"][pi] - C["cap"][ci], 0) + training - 0.8 * cliff + 0.3 * same_title
        - 0.9 * P["aversion"][pi] + 1.0 * known - 1.5 * declined + 1.5 * trained + 0.3 * stale)
    keep90 = (0.1 + 1.1 * q - 2.2 * cliff + 1.2 * same_title + 0.5 * fam_title - 2.0 * short
              - 0.9 * night_churn + 0.4 * interest + 0.5 * training + P["sector_effect"][pi]
              + 0.6 * known + 0.8 * trained - 0.5 * stale)
    keep180 = 0.3 + 0.9 * q - 1.0 * cliff + 0.6 * same_title - 1.0 * short
    return _sigmoid(hire), _sigmoid(keep90), _sigmoid(keep180)


def make_honest_world(n_candidates: int = 3000, n_positions: int = 1200, n_referrals: int = 12000,
                      seed: int = 201) -> HonestWorld:
    """Generate a world; deterministic for a given ``seed``. Outcomes are oldest first."""
    rng = np.random.default_rng(seed)
    n_prov = len(PROVINCES)
    prov_w = rng.dirichlet(np.full(n_prov, 3.0))
    n_fam = len(FAMILY_NAMES)
    skill_list = [s for f in FAMILY_NAMES for s in FAMILIES[f][0]]
    skill_bit = {s: i for i, s in enumerate(skill_list)}
    fam_of_skill = np.array([FAMILY_NAMES.index(SKILL_FAMILY[s]) for s in skill_list])

    # Employers and positions.
    n_emp = max(3, n_positions // 5)
    emp_sector = rng.integers(0, len(SECTOR_LIST), n_emp)
    emp_quality = rng.normal(0, 1, n_emp)
    # A draw of its own for each new effect, so the older ones are drawn as before.
    rng2 = np.random.default_rng([seed, 2])
    changes = rng2.random(n_emp) < 0.4
    jump = np.where(changes, rng2.normal(0, 1.5, n_emp), 0.0)
    change_day = np.where(changes, rng2.uniform(0, DAYS, n_emp), np.inf)
    aversion = np.maximum(rng2.normal(0, 1.0, n_emp), 0.0)
    emp_prov, emp_ward, emp_lat, emp_lon = _places(rng, n_emp, prov_w)
    emp_housing = rng.random(n_emp) < 0.3
    e = rng.integers(0, n_emp, n_positions)
    P: dict = {"employer": e, "sector": emp_sector[e], "n_emp": n_emp, "q0": emp_quality,
               "jump": jump, "change_day": change_day}
    P["aversion"] = aversion[e]
    P["sector_effect"] = rng.normal(0, 0.3, len(SECTOR_LIST))[P["sector"]]
    P["training"] = rng.random(n_positions) < 0.12
    titles, req = np.zeros(n_positions, dtype=np.int64), np.zeros(n_positions, dtype=np.int64)
    pref = np.zeros(n_positions, dtype=np.int64)
    for i in range(n_positions):
        fam = FAMILY_NAMES.index(rng.choice(SECTOR_FAMILIES[SECTOR_LIST[P["sector"][i]]]))
        skills = [skill_bit[s] for s in FAMILIES[FAMILY_NAMES[fam]][0]]
        fam_titles = [_TITLE_INDEX[t] for t in FAMILIES[FAMILY_NAMES[fam]][1]]
        titles[i] = rng.choice(fam_titles)
        if not P["training"][i]:
            req[i] = 1 << int(rng.choice(skills))
        pref[i] = (1 << int(rng.choice(skills))) & ~req[i]
    P["title"], P["req"], P["pref"] = titles, req, pref
    P["title_fam"] = np.array([FAMILY_NAMES.index(TITLES[t][1]) for t in titles])
    P["req_n"] = np.array([bin(r).count("1") for r in req])
    P["req_fam"] = np.zeros((n_positions, n_fam))
    for b in range(len(skill_list)):
        P["req_fam"][:, fam_of_skill[b]] += (req >> b) & 1
    P["req_fam"] = np.minimum(P["req_fam"], 1)
    P["edu"] = np.where(P["training"], 0, rng.integers(0, 4, n_positions))
    P["phys"] = rng.integers(0, 4, n_positions)
    P["night"] = rng.random(n_positions) < 0.25
    P["wage"] = np.where(P["training"], 2.5e6, np.round(rng.uniform(5.0, 9.5, n_positions), 1) * 1e6)
    P["lat"] = emp_lat[e] + rng.normal(0, 0.01, n_positions)
    P["lon"] = emp_lon[e] + rng.normal(0, 0.01, n_positions)
    P["housing"] = emp_housing[e]
    seats = rng.integers(1, 8, n_positions)
    P["open_day"] = rng2.uniform(-360.0, 0.8 * DAYS, n_positions)
    link = np.full(n_positions, -1)
    for i in np.flatnonzero(P["training"]):
        jobs = np.flatnonzero((e == e[i]) & ~P["training"])
        if len(jobs) and rng2.random() < 0.8:
            link[i] = int(rng2.choice(jobs))
    P["link"] = link
    excluded = np.where(rng.random(n_positions) < 0.15, 1 << rng.integers(0, len(OFFENCE_LIST), n_positions), 0)

    # Candidates.
    C: dict = {}
    c_prov, c_ward, C["lat"], C["lon"] = _places(rng, n_candidates, prov_w)
    home = rng.integers(0, len(SECTOR_LIST), n_candidates)
    C["skills"] = np.zeros(n_candidates, dtype=np.int64)
    C["titles"] = np.zeros(n_candidates, dtype=np.int64)
    C["title_fam"] = np.zeros(n_candidates, dtype=np.int64)
    C["fam"] = np.zeros((n_candidates, n_fam))
    past = []
    for i in range(n_candidates):
        fams = SECTOR_FAMILIES[SECTOR_LIST[home[i]]]
        fam = FAMILY_NAMES.index(rng.choice(fams))
        skills = FAMILIES[FAMILY_NAMES[fam]][0]
        k = rng.choice(4, p=[0.25, 0.4, 0.25, 0.1])
        for s in rng.choice(skills, min(k, len(skills)), replace=False):
            C["skills"][i] |= 1 << skill_bit[s]
            C["fam"][i, fam] = 1
        held = []
        for _ in range(rng.choice(3, p=[0.35, 0.45, 0.2])):
            f2 = fam if rng.random() < 0.75 else int(rng.integers(0, n_fam))
            t = _TITLE_INDEX[rng.choice(FAMILIES[FAMILY_NAMES[f2]][1])]
            C["titles"][i] |= 1 << t
            C["title_fam"][i] |= 1 << f2
            held.append(TITLES[t][0])
        past.append(held)
    C["n_skills"] = np.array([bin(s).count("1") for s in C["skills"]])
    C["desired"] = np.where(rng.random(n_candidates) < 0.2, 0, 1 << home)
    C["edu"] = rng.choice(5, n_candidates, p=[0.1, 0.25, 0.35, 0.2, 0.1])
    C["cap"] = rng.integers(0, 4, n_candidates)
    C["housing"] = rng.random(n_candidates) < 0.3
    C["transport"] = rng.random(n_candidates) < 0.5
    stated = np.where(rng.random(n_candidates) < 0.35, np.nan, rng.uniform(5, 40, n_candidates))
    reach = np.where(np.isnan(stated), np.where(C["transport"], 25.0, 8.0), stated)
    C["tolerance"] = reach * rng.lognormal(0.2, 0.35, n_candidates)  # hidden: stated reach is a guess
    C["wage"] = np.round(rng.uniform(4.5, 9.0, n_candidates), 1) * 1e6
    offence = rng.integers(0, len(OFFENCE_LIST), n_candidates)
    restricted = rng.random(n_candidates) < 0.15

    # Referrals: a caseworker rule, not the scorer, over the positions open that day.
    p_prov = emp_prov[e]
    order = np.argsort(p_prov, kind="stable")
    starts = np.searchsorted(p_prov[order], np.arange(n_prov))
    counts = np.bincount(p_prov, minlength=n_prov)
    familiarity = np.zeros(n_emp)
    events_c = rng.integers(0, n_candidates, n_referrals)
    events_p = np.full(n_referrals, -1)
    events_t = DAYS * np.arange(n_referrals) / max(n_referrals, 1)
    labels = np.zeros(n_referrals, dtype=np.int64)
    hired_by = [set() for _ in range(n_candidates)]      # employer rows
    declined_by = [set() for _ in range(n_candidates)]
    completed = [set() for _ in range(n_candidates)]     # training position rows
    state_at: list = [None] * n_referrals                # the person's history when referred
    H: dict = {}
    K = 30
    for s in range(0, n_referrals, 500):
        block = events_c[s:s + 500]
        t_block = events_t[s:s + 500]
        ci = np.repeat(block, K)
        t = np.repeat(t_block, K)
        cp = c_prov[ci]
        local = (rng.random(len(ci)) < 0.8) & (counts[cp] > 0)
        at = np.minimum(starts[cp] + (rng.random(len(ci)) * counts[cp]).astype(np.int64), n_positions - 1)
        pick = np.where(local, order[at], rng.integers(0, n_positions, len(ci))).reshape(-1, K)
        for j, c in enumerate(block):  # caseworkers know where a completed training leads
            jobs = [int(P["link"][x]) for x in completed[c] if P["link"][x] >= 0]
            if jobs:
                pick[j, 0] = jobs[int(rng2.integers(0, len(jobs)))]
        pick = pick.ravel()
        ok = ((((excluded[pick] >> offence[ci]) & 1) == 0) & (~restricted[ci] | (p_prov[pick] == c_prov[ci]))
              & (P["open_day"][pick] <= t))
        same_ward = (p_prov[pick] == c_prov[ci]) & (emp_ward[e[pick]] == c_ward[ci])
        hist = _context(C, P, H, ci, pick, t)
        score = (1.5 * ((C["desired"][ci] >> P["sector"][pick]) & 1) + 1.0 * same_ward
                 + 0.5 * (p_prov[pick] == c_prov[ci]) + 0.5 * np.log1p(familiarity[e[pick]])
                 + 1.0 * ((C["skills"][ci] & P["req"][pick]) != 0) + 1.0 * hist["hired"]
                 + 1.5 * hist["trained"] + 1.0 * (P["training"][pick] & (C["n_skills"][ci] <= 1))
                 + rng.gumbel(0, 1.0, len(ci)))
        score = np.where(ok, score, -np.inf).reshape(-1, K)
        best = score.argmax(1)
        chosen = pick.reshape(-1, K)[np.arange(len(block)), best]
        valid = np.isfinite(score.max(1))
        ph, p90, p180 = _probabilities(C, P, block, chosen, _context(C, P, H, block, chosen, t_block))
        hired = rng.random(len(block)) < ph
        k90 = hired & (rng.random(len(block)) < p90)
        k180 = k90 & (rng.random(len(block)) < p180)
        labels[s:s + 500] = hired.astype(int) + k90 + k180
        events_p[s:s + 500] = np.where(valid, chosen, -1)
        np.add.at(familiarity, e[chosen[valid]], 1.0)
        for j, c in enumerate(block):
            state_at[s + j] = (frozenset(hired_by[c]), frozenset(declined_by[c]), frozenset(completed[c]))
        for j, (c, p_) in enumerate(zip(block, chosen, strict=False)):
            if not valid[j]:
                continue
            if hired[j]:
                hired_by[c].add(int(e[p_]))
            else:
                declined_by[c].add(int(e[p_]))
            if P["training"][p_] and k90[j]:
                completed[c].add(int(p_))
        H = {
            "hired": np.array([c * n_emp + x for c in range(n_candidates) for x in hired_by[c]], dtype=np.int64),
            "declined": np.array([c * n_emp + x for c in range(n_candidates) for x in declined_by[c]],
                                 dtype=np.int64),
            "trained": np.array([c * n_positions + P["link"][x] for c in range(n_candidates) for x in completed[c]
                                 if P["link"][x] >= 0], dtype=np.int64),
        }

    skills_of = lambda mask: frozenset(s for s, b in skill_bit.items() if mask >> b & 1)  # noqa: E731
    positions = [
        Position(
            id=f"P{i:06d}", employer_id=f"E{e[i]:05d}", kind="training" if P["training"][i] else "job",
            sector=SECTOR_LIST[P["sector"][i]], required_skills=skills_of(int(req[i])),
            preferred_skills=skills_of(int(pref[i])), min_education=int(P["edu"][i]),
            physical_demand=int(P["phys"][i]), shift="night" if P["night"][i] else "day",
            wage=int(P["wage"][i]), seats=int(seats[i]), province=list(PROVINCES)[p_prov[i]],
            ward=_ward_code(p_prov[i], emp_ward[e[i]]), lat=round(float(P["lat"][i]), 5),
            lon=round(float(P["lon"][i]), 5), housing_provided=bool(P["housing"][i]),
            excluded_offences=frozenset([OFFENCE_LIST[b] for b in range(len(OFFENCE_LIST)) if excluded[i] >> b & 1]),
            title=("Học nghề " if P["training"][i] else "") + TITLES[titles[i]][0],
            linked_position_id=f"P{link[i]:06d}" if link[i] >= 0 else None,
            text=f"Tuyển {TITLES[titles[i]][0]}, ngành {SECTORS[SECTOR_LIST[P['sector'][i]]][0].lower()}."
                 + (" Có ký túc xá." if P["housing"][i] else "") + (" Làm ca đêm." if P["night"][i] else ""),
        )
        for i in range(n_positions)
    ]
    candidates = [
        Candidate(
            id=f"C{i:06d}", skills=skills_of(int(C["skills"][i])), education=int(C["edu"][i]),
            province=list(PROVINCES)[c_prov[i]], ward=_ward_code(c_prov[i], c_ward[i]),
            lat=round(float(C["lat"][i]), 5), lon=round(float(C["lon"][i]), 5),
            max_commute_km=None if np.isnan(stated[i]) else float(round(stated[i], 1)),
            has_transport=bool(C["transport"][i]), needs_housing=bool(C["housing"][i]),
            physical_capacity=int(C["cap"][i]),
            desired_sectors=frozenset([SECTOR_LIST[home[i]]]) if C["desired"][i] else frozenset(),
            wage_expectation=int(C["wage"][i]), offence_category=OFFENCE_LIST[offence[i]],
            travel_restricted=bool(restricted[i]),
            text=("Từng làm " + ", ".join(past[i]) + "." if past[i] else ""),
        )
        for i in range(n_candidates)
    ]

    def as_of(c: Candidate, hired, declined, done, id=None) -> Candidate:
        return dataclasses.replace(
            c, id=id or c.id, hired_by=frozenset(f"E{x:05d}" for x in hired),
            declined_by=frozenset(f"E{x:05d}" for x in declined),
            completed_training=frozenset(positions[x].id for x in done))

    referred, outcomes = [], []
    for j, (c, p, lab) in enumerate(zip(events_c, events_p, labels, strict=True)):
        if p < 0:
            continue
        snapshot = as_of(candidates[c], *state_at[j], id=f"{candidates[c].id}/r{j:05d}")
        referred.append(snapshot)
        outcomes.append(Outcome(snapshot.id, positions[p].id, int(lab), at=round(float(events_t[j]), 2)))
    candidates = [as_of(c, hired_by[i], declined_by[i], completed[i]) for i, c in enumerate(candidates)]
    return HonestWorld(candidates, positions, outcomes, seed, C, P, H, referred)
