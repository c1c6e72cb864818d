"""The Ranker: eligibility filter, shortlist, rerank, explain.

Scoring one candidate against N positions (or one position against N
candidates) is done as arrays: cheap structured features for every eligible
item, a linear shortlist of the best ``shortlist`` items, then text
similarity and the final model on that shortlist only, and reasons for the
top k only. Unfitted, both stages use the hand-weighted prior.
"""
from __future__ import annotations

import operator
import os
import threading
import uuid
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Sequence

import numpy as np

from . import store
from .eligibility import eligible_candidates, eligible_positions, pair_exclusions
from .encoding import HALF_LIFE_DAYS, TargetEncoding
from .explain import explain
from .features import (FEATURES, PRIOR_BIAS, PRIOR_VECTOR, TEXT, build, overlaps_for_candidate,
                       overlaps_for_position, seat_factor, text_sim_rows)
from .index import CandidateIndex, OneCandidate, PositionIndex, code_hash, text_vector
from .training import (GAIN_MODELS, encoded, fit_gain, fit_referral, idf_from, ipw_weights,
                       pair_features, training_set, validation_deviance)
from .types import MAX_LABEL, Candidate, Match, Outcome, Position, Reason

VERSION = "2.0"
_CACHE_SIZE = 4


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _label(o) -> int:
    """An outcome's label, refused (not clipped) when missing or out of range."""
    label = getattr(o, "label", None)
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label <= MAX_LABEL:
        raise ValueError(f"outcome ({o.candidate_id!r}, {o.position_id!r}): label {label!r} "
                         f"is not one of 0..{MAX_LABEL}")
    return int(label)


#: Plausibility weights tried on the validation split, and the one used when it is too small.
PLAUSIBILITY_GRID = (0.0, 0.1, 0.25, 0.5, 1.0)
DEFAULT_PLAUSIBILITY = 0.25
MAX_GAIN = 7.0  # 2**3 - 1, the gain of a 180-day retention
MIN_GAIN = 0.05  # floor so a pessimistic gain estimate cannot erase plausibility


class Ranker:
    """Suggests positions to candidates and candidates to positions.

    Works unfitted with a hand-weighted prior (cold start); ``fit`` learns
    from outcome history. ``model`` picks the outcome-gain part: ``"linear"``
    (Poisson GLM, the default, chosen by measurement: see
    ``matching.training``) or ``"hgb"`` (gradient boosting). ``half_life``
    (days) decays employers' old outcomes (0: no decay; see ``matching.encoding``).
    """

    def __init__(self, model: str = "linear", shortlist: int = 300, n_negatives: int = 4,
                 min_outcomes: int = 30, random_state: int = 0, plausibility: float | None = None,
                 half_life: float = HALF_LIFE_DAYS):
        if model not in ("hgb", "linear"):
            raise ValueError("model must be 'hgb' or 'linear'")
        if plausibility is not None and not (isinstance(plausibility, (int, float)) and 0 <= plausibility <= 1):
            raise ValueError("plausibility must be None (tuned on validation) or between 0 and 1")
        if not (isinstance(half_life, (int, float)) and half_life >= 0):
            raise ValueError("half_life must be a number of days >= 0 (0: no decay)")
        self.model = model
        self.plausibility = plausibility
        self.half_life = float(half_life)
        self.shortlist = shortlist
        self.n_negatives = n_negatives
        self.min_outcomes = min_outcomes
        self.random_state = random_state
        self._reset()

    def _reset(self) -> None:
        self.fitted = False
        self.trained_at: datetime | None = None
        self.n_outcomes = 0
        self.metadata: dict = {"version": VERSION, "model": "prior", "features": list(FEATURES)}
        self._encoding: TargetEncoding | None = None
        self._idf = None
        self._referral = (PRIOR_VECTOR.copy(), PRIOR_BIAS)
        self._gain = None
        self._alpha = 1.0
        self._stage1 = (PRIOR_VECTOR.copy(), PRIOR_BIAS)
        self._new_token()

    def _new_token(self) -> None:
        # Index caches hold model-dependent arrays; a new token invalidates them.
        self._token = uuid.uuid4().hex
        self._pos_cache: OrderedDict = OrderedDict()
        self._cand_cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()  # web servers rank from several threads

    @property
    def version(self) -> str:
        """Library version that produced this model."""
        return self.metadata.get("version", VERSION)

    # ----- indexes -------------------------------------------------------------------------
    def _cached(self, cache: OrderedDict, items, cls):
        if isinstance(items, cls):
            return items
        items = items if isinstance(items, list) else list(items)
        with self._lock:
            hit = cache.get(id(items))
            # Holding the list itself keeps its id from being reused; every element is
            # compared by identity (the dataclasses are frozen), so an element replaced
            # in place (seats=0, a new exclusion, a travel restriction) rebuilds the index.
            if hit is not None and hit[0] is items and hit[1].n == len(items) and all(
                    map(operator.is_, hit[1].items, items)):
                cache.move_to_end(id(items))
                return hit[1]
        index = cls(items)  # built outside the lock: it can take a while
        with self._lock:
            cache[id(items)] = (items, index)
            while len(cache) > _CACHE_SIZE:
                cache.popitem(last=False)
        return index

    def index_positions(self, positions: Sequence[Position]) -> PositionIndex:
        """Array form of ``positions``, cached by list identity; ``rank`` accepts it too."""
        return self._cached(self._pos_cache, positions, PositionIndex)

    def index_candidates(self, candidates: Sequence[Candidate]) -> CandidateIndex:
        """Array form of ``candidates``, cached by list identity."""
        return self._cached(self._cand_cache, candidates, CandidateIndex)

    def clear_cache(self) -> None:
        """Forget cached indexes (call after editing a list in place)."""
        with self._lock:
            self._pos_cache.clear()
            self._cand_cache.clear()

    def _enc(self, pi: PositionIndex) -> dict:
        def make():
            if self._encoding is None:
                zero = np.zeros(pi.n)
                return {"employer_hire": zero, "employer_keep": zero, "sector_hire": zero}
            key = TargetEncoding.sector_key(pi.sector_hash, pi.training)
            return self._encoding.transform(pi.employer_hash, key)
        return pi.derived("enc", self._token, make)

    # ----- scoring -------------------------------------------------------------------------
    def _final_scores(self, X: np.ndarray) -> np.ndarray:
        w, b = self._referral
        if self._gain is None:
            return _sigmoid(X @ w + b)  # the cold-start prior
        # Expected gain of the referral, with a tempered plausibility term (weight tuned on a
        # validation split) so pairs far from anything caseworkers ever tried are not trusted
        # on extrapolation alone. Squashed to 0..1 for display; the order is that of the sum.
        log_gain = np.log(np.clip(self._gain.predict(X), MIN_GAIN, MAX_GAIN) / MAX_GAIN)
        return _sigmoid(log_gain + self._alpha * (X @ w + b))

    def _score(self, X, factor, text_fn, k, eligible=None):
        """Shortlist eligible rows by the linear stage, then final scores on the shortlist.

        Returns (row numbers into X, scores, shortlisted feature rows).
        """
        size = max(self.shortlist, 2 * k)
        rows = np.flatnonzero(eligible) if eligible is not None else np.arange(len(X))
        if self.shortlist and len(rows) > size:
            w, b = self._stage1
            s1 = X[:, :TEXT] @ w[:TEXT] + np.log(factor)
            if eligible is not None:
                s1[~eligible] = -np.inf
            sel = np.argpartition(-s1, size - 1)[:size]
        else:
            sel = rows
        Xs = X[sel]
        Xs[:, TEXT:] = text_fn(sel)
        return sel, self._final_scores(Xs) * factor[sel], Xs

    def _top(self, scores, k):
        order = np.argsort(-scores, kind="stable")
        return order[:k]

    def _candidate_features(self, candidate: Candidate, pi: PositionIndex):
        """Features of one candidate against every position (text column left 0)."""
        one = OneCandidate(candidate)
        X = build(one.side, pi.side(), overlaps_for_candidate(one, pi), self._enc(pi))
        vec = text_vector(candidate.text, self._idf)
        return X, vec

    def rank(self, candidate: Candidate, positions, k: int = 10, exclude=(),
             seats=None, referrals=None) -> list[Match]:
        """Best eligible positions for ``candidate``, best first, with reasons.

        ``positions`` is a list (its array form is cached while the same list
        object, with the same elements, is passed again) or a
        :class:`PositionIndex`. ``exclude`` lists position ids to leave out
        (already referred). ``seats``/``referrals`` are optional live counts
        aligned with the index, laid over the counts it was built with.
        """
        pi = self.index_positions(positions)
        if k <= 0 or pi.n == 0:
            return []
        seats = pi.seats if seats is None else np.asarray(seats, dtype=np.int64)
        referrals = pi.referrals if referrals is None else np.asarray(referrals, dtype=np.int64)
        if seats.shape != (pi.n,) or referrals.shape != (pi.n,):
            raise ValueError("seats and referrals must have one entry per indexed position")
        eligible = eligible_positions(candidate, pi, seats)
        if exclude:
            rows = [r for r in map(pi.row_of, exclude) if r is not None]
            eligible[rows] = False
        if not eligible.any():
            return []
        # Features for every position (cheaper than copying eligible subsets);
        # ineligible rows are masked out before the shortlist.
        X, vec = self._candidate_features(candidate, pi)
        factor = self._seat_factor(pi, seats, referrals)
        ptext = pi.text_matrix(self._idf, self._token)
        ptitle = pi.text_matrix(self._idf, self._token, "title")
        sel, scores, Xs = self._score(
            X, factor, lambda s: np.column_stack([text_sim_rows(vec, ptext[s]), text_sim_rows(vec, ptitle[s])]),
            k, eligible)
        out = []
        for j in self._top(scores, len(scores)):
            row = sel[j]
            p = pi.items[row]
            live = (int(seats[row]), int(referrals[row]))
            # Fail closed: the item itself, not only its array form, must pass the rules.
            if pair_exclusions(candidate, p, seats=live[0]):
                continue
            out.append(Match(p.id, float(scores[j]),
                             explain(candidate, p, Xs[j], float(factor[row]), self._hired(p), *live)))
            if len(out) == k:
                break
        return out

    def _seat_factor(self, pi: PositionIndex, seats=None, referrals=None) -> np.ndarray:
        if (seats is None or seats is pi.seats) and (referrals is None or referrals is pi.referrals):
            return pi.derived("seat_factor", None, lambda: seat_factor(pi.seats, pi.referrals))
        return seat_factor(seats, referrals)

    def rank_candidates(self, position: Position, candidates, k: int = 10) -> list[Match]:
        """Best eligible candidates for ``position``, best first, with reasons."""
        ci = self.index_candidates(candidates)
        if k <= 0 or ci.n == 0:
            return []
        rows = np.flatnonzero(eligible_candidates(position, ci))
        if len(rows) == 0:
            return []
        pi = PositionIndex([position])
        ov = {key: v[rows] for key, v in overlaps_for_position(pi, 0, ci).items()}
        X = build(ci.side(rows), pi.side(), ov, self._enc(pi))
        factor = np.broadcast_to(seat_factor(pi.seats, pi.referrals), len(rows))
        pvec = pi.text_matrix(self._idf, self._token)[0]
        tvec = pi.text_matrix(self._idf, self._token, "title")[0]
        ctext = ci.text_matrix(self._idf, self._token)
        sel, scores, Xs = self._score(
            X, factor, lambda s: np.column_stack([text_sim_rows(pvec, ctext[rows[s]]),
                                                  text_sim_rows(tvec, ctext[rows[s]])]), k)
        hired = self._hired(position)
        out = []
        for j in self._top(scores, len(scores)):
            c = ci.items[rows[sel[j]]]
            if pair_exclusions(c, position):  # fail closed on the items themselves
                continue
            out.append(Match(c.id, float(scores[j]), explain(c, position, Xs[j], float(factor[0]), hired)))
            if len(out) == k:
                break
        return out

    def score_all(self, candidate: Candidate, positions) -> np.ndarray:
        """Final scores of ``candidate`` against every position (NaN where ineligible).

        No shortlist: meant for planning and evaluation, not per-request use.
        """
        pi = self.index_positions(positions)
        out = np.full(pi.n, np.nan)
        eligible, X = self._all_features(candidate, pi)
        if X is not None:
            out[eligible] = (self._final_scores(X) * self._seat_factor(pi))[eligible]
        return out

    def expected_gain(self, candidate: Candidate, positions) -> np.ndarray:
        """The outcome model's expected gain of referring ``candidate`` to each position.

        In the units it is fitted on, ``2**label - 1``: 1 a hire, 3 kept 90 days, 7 kept 180 days.
        NaN where the pair is ineligible, and everywhere while unfitted (the cold start has no
        outcome model). ``positions`` is a list or a :class:`PositionIndex`; a list is indexed
        afresh, not cached (meant for audits of a few positions, not per-request use).
        """
        pi = positions if isinstance(positions, PositionIndex) else PositionIndex(list(positions))
        out = np.full(pi.n, np.nan)
        if self._gain is None:
            return out
        eligible, X = self._all_features(candidate, pi)
        if X is not None:
            out[eligible] = np.clip(self._gain.predict(X[eligible]), 0.0, MAX_GAIN)
        return out

    def _all_features(self, candidate: Candidate, pi: PositionIndex):
        """(eligible mask, full feature rows with text columns) of a candidate against every position;
        rows are None when no position is eligible."""
        eligible = eligible_positions(candidate, pi) if pi.n else np.zeros(0, dtype=bool)
        if not eligible.any():
            return eligible, None
        X, vec = self._candidate_features(candidate, pi)
        X[:, TEXT] = text_sim_rows(vec, pi.text_matrix(self._idf, self._token))
        X[:, TEXT + 1] = text_sim_rows(vec, pi.text_matrix(self._idf, self._token, "title"))
        return eligible, X

    def _hired(self, position: Position) -> int:
        if self._encoding is None:
            return 0
        return self._encoding.hired(code_hash(position.employer_id))

    def eligibility(self, candidate: Candidate, position: Position) -> tuple[Reason, ...]:
        """Exclusion reasons for the pair; empty when the candidate is eligible."""
        return pair_exclusions(candidate, position)

    # ----- learning --------------------------------------------------------------------
    def fit(self, candidates: Sequence[Candidate], positions: Sequence[Position],
            outcomes: Sequence[Outcome]) -> "Ranker":
        """Learn from outcome history; returns ``self``.

        Outcomes naming unknown candidates or positions are ignored. With fewer
        than ``min_outcomes`` usable outcomes, or a single label class, there is
        nothing to learn from and the ranker stays on the cold-start prior
        (``fitted`` False) rather than fitting noise.
        """
        self._reset()
        # Through the caches, so a later rank/rank_candidates on the same lists
        # reuses the indexes (model-dependent arrays are keyed by token anyway).
        ci, pi = self.index_candidates(candidates), self.index_positions(positions)
        c_rows, p_rows, labels, at = [], [], [], []
        for o in outcomes:
            cr, pr = ci.row_of(o.candidate_id), pi.row_of(o.position_id)
            if cr is not None and pr is not None:
                c_rows.append(cr)
                p_rows.append(pr)
                labels.append(_label(o))
                at.append(np.nan if getattr(o, "at", None) is None else o.at)
        labels = np.asarray(labels, dtype=np.int64)
        context = {"at": np.asarray(at, dtype=np.float64)}
        self.n_outcomes = len(labels)
        counts = {int(v): int((labels == v).sum()) for v in np.unique(labels)}
        self.metadata.update(label_counts=counts, n_outcomes=self.n_outcomes)
        if len(labels) < self.min_outcomes or len(counts) < 2:
            self.metadata["note"] = "not enough outcome variety to learn from; cold-start prior in use"
            return self
        self._idf = idf_from(ci.counts, pi.counts)
        text = (ci.text_matrix(self._idf, "fit"), pi.text_matrix(self._idf, "fit"),
                pi.text_matrix(self._idf, "fit", "title"))
        c_rows, p_rows = np.asarray(c_rows), np.asarray(p_rows)
        alpha, values = self.plausibility, {}
        n_val = len(labels) // 7 if alpha is None and len(labels) >= 200 else 0
        if alpha is None and n_val:
            # The plausibility weight is chosen on the most recent outcomes of the training data,
            # fitted on the older ones: never on anything an evaluation holds out.
            head = {k: v[:-n_val] for k, v in context.items()}
            parts = self._fit_parts(ci, pi, c_rows[:-n_val], p_rows[:-n_val], labels[:-n_val], text, head)
            alpha, values = self._choose_alpha(parts, ci, pi, c_rows[-n_val:], p_rows[-n_val:],
                                               labels[-n_val:], text)
        elif alpha is None:
            alpha = DEFAULT_PLAUSIBILITY
        encoding, referral, gain, gain_linear, n_rows = self._fit_parts(ci, pi, c_rows, p_rows, labels, text,
                                                                        context)
        self._encoding, self._referral, self._gain, self._alpha = encoding, referral, gain, float(alpha)
        self._stage1 = (gain_linear.w + self._alpha * referral[0], gain_linear.b + self._alpha * referral[1])
        self._token = uuid.uuid4().hex  # the model changed: derived arrays are stale
        self.fitted = True
        self.trained_at = datetime.now(timezone.utc)
        self.metadata.update(model=self.model, trained_at=self.trained_at.isoformat(), n_training_rows=n_rows,
                             plausibility=self._alpha,
                             validation_deviance={str(a): round(v, 4) for a, v in values.items()})
        return self

    def _fit_parts(self, ci, pi, c_rows, p_rows, labels, text, context=None):
        """Referral (propensity) model, then the outcome model weighted by inverse propensity."""
        encoding = TargetEncoding(half_life=self.half_life)
        X_obs, X_neg = training_set(ci, pi, c_rows, p_rows, labels, encoding, text, self.n_negatives,
                                    self.random_state, context)
        referral = fit_referral(X_obs, X_neg)
        weights = ipw_weights(X_obs @ referral[0] + referral[1])
        gain = fit_gain(self.model, X_obs, labels, self.random_state, weights=weights)
        linear = gain if self.model == "linear" else fit_gain("linear", X_obs, labels, self.random_state,
                                                              weights=weights)
        return encoding, referral, gain, linear, int(len(X_obs) + len(X_neg))

    def _choose_alpha(self, parts, ci, pi, c_rows, p_rows, labels, text):
        """The plausibility weight that best explains held-out outcomes (lowest deviance)."""
        encoding, referral, gain, _, _ = parts
        X = pair_features(ci, c_rows, pi, p_rows, encoded(encoding, pi, p_rows), text)
        r = X @ referral[0] + referral[1]
        log_gain = np.log(np.clip(gain.predict(X), MIN_GAIN, MAX_GAIN))
        gains, weights = 2.0 ** labels - 1.0, ipw_weights(r)
        values = {a: validation_deviance(log_gain, r, gains, weights, a) for a in PLAUSIBILITY_GRID}
        return min(values, key=lambda a: (values[a], a)), values

    # ----- persistence -----------------------------------------------------------------
    def __getstate__(self):
        state = self.__dict__.copy()
        for transient in ("_pos_cache", "_cand_cache", "_lock"):
            state.pop(transient, None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._pos_cache, self._cand_cache = OrderedDict(), OrderedDict()
        self._lock = threading.Lock()

    def save(self, path) -> None:
        """Write the model as ``path`` (``.npz`` arrays) and its ``.model.json`` metadata.

        No pickle: see :mod:`matching.store`. Both files are written atomically
        and are readable by the owner's group.
        """
        arrays = {"referral_w": self._referral[0], "referral_b": np.array([self._referral[1]]),
                  "stage1_w": self._stage1[0], "stage1_b": np.array([self._stage1[1]]),
                  "alpha": np.array([self._alpha])}
        if self._idf is not None:
            arrays["idf"] = self._idf
        if self._encoding is not None:
            arrays.update({f"enc_{k}": v for k, v in self._encoding.arrays().items()})
        if self._gain is not None:
            arrays.update({f"gain_{k}": v for k, v in self._gain.arrays().items()})
        meta = {
            "library_version": VERSION, "features": list(FEATURES), "metadata": self.metadata,
            "settings": {"model": self.model, "shortlist": self.shortlist, "n_negatives": self.n_negatives,
                         "min_outcomes": self.min_outcomes, "random_state": self.random_state,
                         "plausibility": self.plausibility, "half_life": self.half_life},
            "fitted": self.fitted, "n_outcomes": self.n_outcomes,
            "trained_at": self.trained_at.isoformat() if self.trained_at else None,
            "gain": self._gain.kind if self._gain is not None else None,
        }
        store.write(path, arrays, meta)

    @classmethod
    def load(cls, path) -> "Ranker":
        """Read a model written by :meth:`save`; :class:`~matching.store.ModelFileError` if refused."""
        arrays, doc = store.read(path, list(FEATURES))
        try:
            ranker = cls(**doc["settings"])
            ranker._referral = (arrays["referral_w"], float(arrays["referral_b"][0]))
            ranker._stage1 = (arrays["stage1_w"], float(arrays["stage1_b"][0]))
            ranker._alpha = float(arrays["alpha"][0])
            if ranker._referral[0].shape != (len(FEATURES),):
                raise ValueError("referral weights do not match the features")
            ranker._idf = arrays.get("idf")
            if "enc_scalars" in arrays:
                ranker._encoding = TargetEncoding.from_arrays(
                    {k[4:]: v for k, v in arrays.items() if k.startswith("enc_")})
            if doc["gain"] is not None:
                ranker._gain = GAIN_MODELS[doc["gain"]].from_arrays(
                    {k[5:]: v for k, v in arrays.items() if k.startswith("gain_")})
            ranker.metadata = doc["metadata"]
            ranker.fitted, ranker.n_outcomes = bool(doc["fitted"]), int(doc["n_outcomes"])
            ranker.trained_at = datetime.fromisoformat(doc["trained_at"]) if doc["trained_at"] else None
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise store.ModelFileError(f"{os.path.basename(str(path))}: inconsistent model ({exc!r})") from exc
        ranker._new_token()
        return ranker
