"""Hard eligibility rules: a pair is either allowed or excluded, never scored down.

Three rules, each with its reason code:

* ``excluded_offence``: the position excludes the candidate's offence category;
* ``outside_permitted_area``: the candidate may not leave their province
  (probation, supervision) and the position is elsewhere. When either
  province is unknown the pair is excluded too, because nothing shows that
  it is permitted;
* ``no_seats_left``: the position has no open seat (``seats <= 0``).
"""
from __future__ import annotations

import numpy as np

from . import reasons as R
from .index import SET_COLUMNS, CandidateIndex, PositionIndex, code_hash
from .types import Candidate, Position, Reason


def pair_exclusions(candidate: Candidate, position: Position) -> tuple[Reason, ...]:
    """Exclusion reasons for one pair; empty when the pair is eligible."""
    out = []
    if candidate.offence_category and candidate.offence_category in position.excluded_offences:
        out.append(Reason(R.EXCLUDED_OFFENCE, {}))
    if candidate.travel_restricted and (
        not candidate.province
        or not position.province
        or str(candidate.province) != str(position.province)
    ):
        out.append(Reason(R.OUTSIDE_PERMITTED_AREA, {}))
    if (position.seats or 0) <= 0:
        out.append(Reason(R.NO_SEATS_LEFT, {}))
    return tuple(out)


def eligible_positions(candidate: Candidate, index: PositionIndex) -> np.ndarray:
    """Boolean mask over ``index``: which positions this candidate may be shown."""
    ok = index.seats > 0
    if candidate.offence_category:
        col = code_hash(candidate.offence_category) % SET_COLUMNS
        ok &= _column_absent(index.excluded_csc, col, index.n)
    if candidate.travel_restricted:
        home = code_hash(candidate.province)
        ok &= (index.prov_hash == home) & (home != 0)
    return ok


def eligible_candidates(position: Position, index: CandidateIndex) -> np.ndarray:
    """Boolean mask over ``index``: which candidates may be shown this position."""
    if (position.seats or 0) <= 0:
        return np.zeros(index.n, dtype=bool)
    ok = np.ones(index.n, dtype=bool)
    if position.excluded_offences:
        banned = np.array([code_hash(o) for o in position.excluded_offences], dtype=np.int64)
        ok &= ~np.isin(index.offence_hash, banned)
    home = code_hash(position.province)
    ok &= ~index.restricted | ((index.prov_hash == home) & (home != 0))
    return ok


def _column_absent(csc, col: int, n: int) -> np.ndarray:
    """True for rows with no entry in column ``col`` of a CSC matrix."""
    rows = csc.indices[csc.indptr[col]:csc.indptr[col + 1]]
    mask = np.ones(n, dtype=bool)
    mask[rows] = False
    return mask
