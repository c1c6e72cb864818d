"""Fairness audit: who employers and caseworkers are shown, and what each group is offered.

The old figure, exposure summed over each person's own list of suggestions, gave every group a
share equal to its share of the population by construction. Exposure that can be unequal is on
the other side: which people a position's ranked list shows. So the audit ranks people for a
random sample of positions and compares each group's share of that exposure with its share of
the people eligible for those positions.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Sequence

import numpy as np

from .eligibility import eligible_candidates
from .types import Candidate

AGE_GROUPS = ("<25", "25-34", "35-44", "45-54", "55+", "unknown")


def age_group(birth_year: int | None, reference_year: int) -> str:
    """Age band of a birth year relative to ``reference_year``."""
    if birth_year is None:
        return "unknown"
    age = reference_year - int(birth_year)
    if age < 0 or age > 120:
        return "unknown"
    for upper, name in ((25, "<25"), (35, "25-34"), (45, "35-44"), (55, "45-54")):
        if age < upper:
            return name
    return "55+"


@dataclass(frozen=True)
class AuditRow:
    """One group's figures.

    Employer/caseworker side (``rank_candidates`` over sampled positions): ``exposure_share``
    is the group's share of position-discounted top-k exposure, ``eligible_share`` its share of
    the people eligible for those positions, ``exposure_ratio`` the first over the second (1 is
    parity; below 1 the group is shown less than its eligibility warrants). Candidate side
    (``rank`` for sampled people): how many suggestions, their expected gain by the outcome model
    (``mean_gain``: 1 a hire, 3 kept 90 days, 7 kept 180 days; None before any fit), their score,
    at what guaranteed wage and how often in the person's province (the app has communes, not
    coordinates, so this stands for distance).
    """

    attribute: str            # "gender" or "age"
    group: str
    n_candidates: int         # people of the group in the candidate-side sample
    mean_suggestions: float   # mean number of matches shown (<= k)
    mean_top_score: float | None  # mean best score among people with a match
    exposure_share: float     # employer side; sums to 1 per attribute
    eligible_share: float = 0.0
    exposure_ratio: float | None = None
    mean_score: float | None = None
    mean_wage: float | None = None
    same_province_share: float | None = None
    mean_gain: float | None = None


@dataclass
class AuditReport:
    """Audit result; ``rows`` render directly as a table."""

    k: int
    reference_year: int
    n_candidates: int
    n_positions: int = 0
    rows: list[AuditRow] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain-dict form (JSON-serialisable)."""
        return {"k": self.k, "reference_year": self.reference_year, "n_candidates": self.n_candidates,
                "n_positions": self.n_positions, "rows": [asdict(r) for r in self.rows]}


def _groups(c: Candidate, year: int) -> tuple[tuple[str, str], ...]:
    return (("gender", str(c.gender) if c.gender else "unknown"), ("age", age_group(c.birth_year, year)))


def audit(ranker, candidates: Sequence[Candidate], positions, k: int = 10,
          reference_year: int | None = None, sample_people: int = 2000, sample_positions: int = 200,
          seed: int = 0) -> AuditReport:
    """Who is shown to employers and caseworkers, and what each group is offered.

    Employer side: for up to ``sample_positions`` positions drawn at random,
    ``ranker.rank_candidates`` over all ``candidates``; each person's exposure
    is the sum over lists of 1/log2(rank + 1), compared with how often they
    were eligible. Candidate side: ``ranker.rank`` for up to ``sample_people``
    people drawn at random (not the first ids, which are the oldest profiles).
    Gender and birth year are read here only, never by the ranker.
    """
    year = reference_year or datetime.now(timezone.utc).year
    candidates, positions = list(candidates), list(positions)
    rng = np.random.default_rng(seed)
    people = [candidates[i] for i in sorted(rng.choice(len(candidates), min(sample_people, len(candidates)),
                                                       replace=False))] if candidates else []
    places = [positions[i] for i in sorted(rng.choice(len(positions), min(sample_positions, len(positions)),
                                                      replace=False))] if positions else []
    group_of = {c.id: _groups(c, year) for c in candidates}
    exposure: dict = {}
    eligible: dict = {}
    index = ranker.index_candidates(candidates) if candidates else None
    for p in places:
        mask = eligible_candidates(p, index)
        for row in np.flatnonzero(mask):
            for key in group_of[index.ids[row]]:
                eligible[key] = eligible.get(key, 0) + 1
        for rank, m in enumerate(ranker.rank_candidates(p, index, k=k)):
            for key in group_of[m.id]:
                exposure[key] = exposure.get(key, 0.0) + 1.0 / math.log2(rank + 2)
    by_id = {p.id: p for p in positions}
    side: dict = {}
    pos_index = ranker.index_positions(positions) if positions else None
    for c in people:
        matches = ranker.rank(c, pos_index, k=k) if pos_index is not None else []
        gains = _gains(ranker, c, [by_id[m.id] for m in matches])
        wages = [by_id[m.id].wage for m in matches if by_id[m.id].wage]
        local = [str(by_id[m.id].province) == str(c.province) for m in matches if c.province]
        for key in group_of[c.id]:
            s = side.setdefault(key, {"n": 0, "sugg": 0, "top": [], "score": [], "wage": [], "local": [],
                                      "gain": []})
            s["n"] += 1
            s["sugg"] += len(matches)
            if matches:
                s["top"].append(matches[0].score)
            s["score"].extend(m.score for m in matches)
            s["wage"].extend(wages)
            s["local"].extend(local)
            s["gain"].extend(gains)
    rows = []
    mean = (lambda xs: float(np.mean(xs)) if xs else None)  # noqa: E731
    for attr in ("gender", "age"):
        keys = sorted({key for key in (*exposure, *eligible, *side) if key[0] == attr},
                      key=lambda key: (AGE_GROUPS.index(key[1]) if key[1] in AGE_GROUPS else -1, key[1]))
        total_exp = sum(exposure.get(key, 0.0) for key in keys)
        total_elig = sum(eligible.get(key, 0) for key in keys)
        for key in keys:
            s = side.get(key, {"n": 0, "sugg": 0, "top": [], "score": [], "wage": [], "local": [], "gain": []})
            exp_share = exposure.get(key, 0.0) / total_exp if total_exp else 0.0
            elig_share = eligible.get(key, 0) / total_elig if total_elig else 0.0
            rows.append(AuditRow(
                attr, key[1], s["n"], s["sugg"] / s["n"] if s["n"] else 0.0, mean(s["top"]), exp_share,
                elig_share, exp_share / elig_share if elig_share else None, mean(s["score"]),
                mean(s["wage"]), mean(s["local"]), mean(s["gain"])))
    return AuditReport(k, year, len(people), len(places), rows)


def _gains(ranker, candidate: Candidate, positions: list) -> list[float]:
    """Expected gains of the suggested positions (none from a ranker without an outcome model)."""
    if not positions:
        return []
    return [float(g) for g in ranker.expected_gain(candidate, positions) if np.isfinite(g)]
