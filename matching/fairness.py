"""Exposure audit: who gets seen in the top-k, by gender and age group."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Sequence

from .types import Candidate, Match

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
    """One group's exposure figures."""

    attribute: str            # "gender" or "age"
    group: str
    n_candidates: int
    mean_suggestions: float   # mean number of matches shown (<= k)
    mean_top_score: float | None  # mean best score among candidates with a match
    exposure_share: float     # share of position-discounted exposure, sums to 1 per attribute


@dataclass
class AuditReport:
    """Audit result; ``rows`` render directly as a table."""

    k: int
    reference_year: int
    n_candidates: int
    rows: list[AuditRow] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain-dict form (JSON-serialisable)."""
        return {"k": self.k, "reference_year": self.reference_year,
                "n_candidates": self.n_candidates, "rows": [asdict(r) for r in self.rows]}


def audit(ranker, candidates: Sequence[Candidate], positions, k: int = 10,
          reference_year: int | None = None,
          rankings: dict | None = None) -> AuditReport:
    """Exposure of candidate groups in the top ``k`` suggestions.

    Exposure of a candidate is sum over their matches of 1/log2(rank + 1)
    (rank from 1), the usual position discount. ``rankings`` may map
    candidate id -> list of :class:`Match` to audit suggestions already
    computed; otherwise ``ranker.rank`` is called for each candidate.
    Gender and birth year are read here only, never by the ranker.
    """
    year = reference_year or datetime.now(timezone.utc).year
    stats: dict[tuple[str, str], list] = {}
    totals = {"gender": 0.0, "age": 0.0}
    for c in candidates:
        matches: list[Match] = (rankings.get(c.id, []) if rankings is not None
                                else ranker.rank(c, positions, k=k))[:k]
        exposure = sum(1.0 / math.log2(r + 2) for r in range(len(matches)))
        top = matches[0].score if matches else None
        groups = (("gender", str(c.gender) if c.gender else "unknown"),
                  ("age", age_group(c.birth_year, year)))
        for key in groups:
            s = stats.setdefault(key, [0, 0, 0.0, 0, 0.0])
            s[0] += 1
            s[1] += len(matches)
            s[2] += exposure
            if top is not None:
                s[3] += 1
                s[4] += top
            totals[key[0]] += exposure
    rows = []
    order = {g: i for i, g in enumerate(AGE_GROUPS)}
    for (attr, group), (n, sugg, expo, n_top, top_sum) in sorted(
            stats.items(), key=lambda kv: (kv[0][0] != "gender", order.get(kv[0][1], -1), kv[0][1])):
        rows.append(AuditRow(attr, group, n, sugg / n, top_sum / n_top if n_top else None,
                             expo / totals[attr] if totals[attr] else 0.0))
    return AuditReport(k, year, len(candidates), rows)
