"""Hard eligibility rules: a pair is either allowed or excluded, never scored down.

Three rules, each with its reason code:

* ``excluded_offence``: the position excludes the candidate's offence category
  (codes are compared case-folded, see :func:`matching.types.normalise_code`);
* ``outside_permitted_area``: the candidate may not leave their province
  (probation, supervision) and the position is elsewhere. When either
  province is unknown the pair is excluded too, because nothing shows that
  it is permitted;
* ``no_seats_left``: the position has no open seat (``seats <= 0``).

The rules are written once, in :func:`rules`, on arrays; the pair check
(``Ranker.eligibility``), the candidate-side mask (``rank``) and the
position-side mask (``rank_candidates``) all call it, and the ranker
re-checks its final top k item by item with :func:`pair_exclusions`.
"""
from __future__ import annotations

import numpy as np

from . import reasons as R
from .index import CandidateIndex, PositionIndex, code_hash
from .types import Candidate, Position, Reason


def rules(offence_excluded, restricted, cand_prov, pos_prov, seats):
    """The three rules on plain values or broadcastable numpy arrays; the three "excluded" masks.

    ``offence_excluded``/``restricted`` are booleans, ``cand_prov``/``pos_prov``
    province hashes (0 = unknown), ``seats`` counts. Written with operators
    that mean the same on Python scalars and numpy arrays, so the pair check
    and the vectorised masks are one expression.
    """
    outside = restricted & ((cand_prov == 0) | (pos_prov == 0) | (cand_prov != pos_prov))
    return offence_excluded, outside, seats <= 0


def pair_exclusions(candidate: Candidate, position: Position, seats: int | None = None) -> tuple[Reason, ...]:
    """Exclusion reasons for one pair; empty when the pair is eligible.

    ``seats`` overrides the position's own count (a live count); the lower of the two is used.
    """
    offence = bool(candidate.offence_category) and candidate.offence_category in position.excluded_offences
    left = int(position.seats or 0) if seats is None else min(int(seats), int(position.seats or 0))
    masks = rules(offence, bool(candidate.travel_restricted), code_hash(candidate.province),
                  code_hash(position.province), left)
    codes = (R.EXCLUDED_OFFENCE, R.OUTSIDE_PERMITTED_AREA, R.NO_SEATS_LEFT)
    return tuple(Reason(code, {}) for code, hit in zip(codes, masks, strict=True) if bool(hit))


def eligible_positions(candidate: Candidate, index: PositionIndex, seats=None) -> np.ndarray:
    """Boolean mask over ``index``: which positions this candidate may be shown.

    ``seats`` overrides the index's seat counts (live counts laid over a cached index).
    """
    offence = index.excludes(candidate.offence_category)
    masks = rules(offence, bool(candidate.travel_restricted), code_hash(candidate.province),
                  index.prov_hash, index.seats if seats is None else np.asarray(seats))
    return ~(masks[0] | masks[1] | masks[2])


def eligible_candidates(position: Position, index: CandidateIndex) -> np.ndarray:
    """Boolean mask over ``index``: which candidates may be shown this position."""
    banned = np.array([code_hash(o) for o in position.excluded_offences], dtype=np.int64)
    offence = np.isin(index.offence_hash, banned) & (index.offence_hash != 0)
    masks = rules(offence, index.restricted, index.prov_hash, code_hash(position.province),
                  int(position.seats or 0))
    return ~(masks[0] | masks[1] | masks[2])
