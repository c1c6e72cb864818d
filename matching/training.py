"""Turning outcome history into a fitted model: rank by expected outcome, not by imitation.

The fitted model has two parts, both scikit-learn:

* a *referral* model: logistic regression of observed referrals against
  positions sampled uniformly for the same candidates. It is the referral
  **propensity** (how likely a caseworker was to make that referral), used to
  weight the outcome model and, tempered, as a plausibility term;
* an *outcome* model: expected gain ``2**label - 1`` (hired 1, kept 90 days 3,
  kept 180 days 7) of a referral, fitted on referred pairs weighted by inverse
  propensity, so it learns outcomes over all pairs rather than over the
  caseworkers' habits.

Score = log expected gain + alpha x referral logit, alpha from
``PLAUSIBILITY_GRID`` chosen on the most recent seventh of the training
outcomes (fitted on the older ones) by the lowest IPW-weighted deviance: the
plausibility term is kept only as far as it explains held-out outcomes.

What was tried, on the honest world's *design* seeds 101 and 102 only
(``matching.world``, 3000 people, 1200 positions, 12000 referrals; NDCG@10
against true expected gain, 300 people, 95 % bootstrap intervals):

=====================================================  ===============  ===============
method                                                 seed 101         seed 102
=====================================================  ===============  ===============
v1 shipped: referral logit + log gain, unweighted       0.592            --
v1 with the HGB gain model                              0.604            --
IPW Poisson GLM, alpha tuned on validation (default)    0.715 (a=0.25)   0.786 (a=0.1)
IPW HGB Poisson, alpha tuned                            0.726            0.729
IPW Poisson GLM, alpha = 0 (pure expected gain)         0.791            0.826
IPW Poisson GLM, alpha = 1 (v1's full plausibility)     0.590            0.570
cold-start hand-weighted prior                          0.536            0.503
=====================================================  ===============  ===============

Gradient boosting against the linear model, paired: +0.010 (-0.002 to
+0.022) on seed 101, -0.057 (-0.072 to -0.041) on seed 102; the linear model
stays the default (it also fits in a second and ranks faster). The imitation
metric (NDCG@10 on held-out referrals) moves the other way: 0.208 at alpha = 1,
0.070 at alpha = 0 on seed 101 -- it rewards copying caseworkers. The validation
rule picks a small alpha (0.1-0.25), not the best one on the truth (0), which
is the price of tuning only on data a real deployment has; the figures for the
reporting seeds are printed by ``make bench``.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits
from sklearn.linear_model import LogisticRegression, PoissonRegressor

from .encoding import TargetEncoding
from .features import FEATURES, build, overlaps_for_pairs
from .index import TEXT_COLUMNS, CandidateIndex, PositionIndex

# For the "hgb" gain model: more skill coverage or a better employer record
# never hurts, a longer commute without a dormitory never helps. Constraints
# stop the boosted trees from learning noise wiggles there.
MONOTONE = {
    "req_coverage": 1, "req_missing": -1, "education_gap": -1, "physical_gap": -1,
    "commute_burden": -1, "wage_shortfall": -1, "employer_hire": 1, "employer_keep": 1,
    "text_sim": 1, "title_sim": 1,
}

CHUNK = 50_000


def idf_from(*counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency over the given n-gram count matrices."""
    df = np.zeros(TEXT_COLUMNS)
    n = 0
    for m in counts:
        if m.shape[0]:
            df += np.bincount(m.indices, minlength=TEXT_COLUMNS)
            n += m.shape[0]
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)


def _rowwise(a, b) -> np.ndarray:
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def pair_features(ci: CandidateIndex, c_rows, pi: PositionIndex, p_rows, enc: dict, text) -> np.ndarray:
    """Features of aligned pairs, in chunks so sparse row products stay small.

    ``text`` is ``(candidate texts, position texts, position titles)``, weighted and normalised.
    """
    tc, tp, tt = text
    blocks = []
    for s in range(0, len(c_rows), CHUNK):
        cr, pr = c_rows[s:s + CHUNK], p_rows[s:s + CHUNK]
        ov = overlaps_for_pairs(ci, cr, pi, pr)
        e = {k: v[s:s + CHUNK] for k, v in enc.items()}
        blocks.append(build(ci.side(cr), pi.side(pr), ov, e, _rowwise(tc[cr], tp[pr]),
                            _rowwise(tc[cr], tt[pr])))
    return np.vstack(blocks) if blocks else np.zeros((0, len(FEATURES)))


def encoded(encoding: TargetEncoding, pi: PositionIndex, p_rows) -> dict:
    """Fit-time encodings of positions ``p_rows`` (no outcome of theirs left out)."""
    key = TargetEncoding.sector_key(pi.sector_hash, pi.training)
    return encoding.transform(pi.employer_hash[p_rows], key[p_rows])


def training_set(ci: CandidateIndex, pi: PositionIndex, c_rows, p_rows, labels,
                 encoding: TargetEncoding, text, n_negatives: int, seed: int, context=None):
    """Features of observed referrals (out-of-fold encoded) and of sampled unreferred pairs.

    Returns ``(X_obs, X_neg)``. The negatives are positions drawn uniformly for
    the same candidates: the background a referral was chosen from.
    ``context`` holds per-referral arrays: ``at``, when each was made (see
    :class:`~matching.types.Outcome`).
    """
    context = context or {}
    sector_key = TargetEncoding.sector_key(pi.sector_hash, pi.training)
    oof = encoding.fit(pi.employer_hash[p_rows], sector_key[p_rows], labels, seed=seed,
                       at=context.get("at"))
    X_obs = pair_features(ci, c_rows, pi, p_rows, oof, text)
    rng = np.random.default_rng(seed)
    neg_c = np.repeat(c_rows, n_negatives)
    neg_p = rng.integers(0, pi.n, len(neg_c))
    X_neg = pair_features(ci, neg_c, pi, neg_p, encoded(encoding, pi, neg_p), text)
    return X_obs, X_neg


def ipw_weights(referral_logit: np.ndarray, floor: float = 0.02, cap: float = 20.0) -> np.ndarray:
    """Inverse-propensity weights of observed referrals, mean 1.

    ``referral_logit`` comes from the referral model (observed referrals
    against uniformly sampled pairs), whose probability is proportional to how
    likely a caseworker was to make that referral. Pairs caseworkers rarely
    make count more, so the outcome model learns outcomes over all pairs,
    not over the caseworkers' habits. Clipped, so a handful of odd referrals
    cannot dominate.
    """
    p = np.clip(1.0 / (1.0 + np.exp(-referral_logit)), floor, 1.0)
    w = 1.0 / p
    w = np.minimum(w / w.mean(), cap)
    return w / w.mean()


def validation_deviance(log_gain: np.ndarray, referral: np.ndarray, gains: np.ndarray,
                        weights: np.ndarray, alpha: float) -> float:
    """Weighted Poisson deviance of ``exp(log gain + alpha r)`` (rescaled) on held-out referrals.

    Asks whether the referral model's logit ``r`` explains outcomes that the
    outcome model missed (caseworkers may know things the features do not):
    if it does, a plausibility weight above 0 lowers the deviance. Weighted by
    inverse propensity, like the fit, so rare referrals count as much as habits.
    """
    z = log_gain + alpha * (referral - referral.mean())
    pred = np.exp(z - z.max())
    pred *= (weights * gains).sum() / max((weights * pred).sum(), 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(gains > 0, gains * np.log(gains / pred), 0.0) - (gains - pred)
    return float(2.0 * (weights * term).sum() / weights.sum())


class LogLinear:
    """exp(X @ w + b): a Poisson GLM reduced to two arrays (fast, stored as plain arrays)."""

    kind = "linear"

    def __init__(self, w: np.ndarray, b: float):
        self.w, self.b = np.asarray(w, dtype=np.float64), float(b)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Expected gain for each row of ``X``."""
        return np.exp(np.clip(X @ self.w + self.b, -20, 5))

    def arrays(self) -> dict:
        return {"w": self.w, "b": np.array([self.b])}

    @classmethod
    def from_arrays(cls, a: dict) -> "LogLinear":
        return cls(a["w"], float(a["b"][0]))


class TreeEnsemble:
    """exp(baseline + sum of tree leaves): a fitted Poisson HistGradientBoosting as plain arrays.

    All trees are walked at once in numpy, one level per step, so a model can
    be stored without pickle and predicts faster than scikit-learn does on a
    few hundred rows. Numerical splits only (the features are numbers).
    """

    kind = "hgb"
    FIELDS = ("feature_idx", "num_threshold", "missing_go_to_left", "left", "right", "is_leaf", "value")

    def __init__(self, baseline: float, roots: np.ndarray, nodes: dict):
        self.baseline = float(baseline)
        self.roots = np.asarray(roots, dtype=np.int64)
        self.feature = np.asarray(nodes["feature_idx"], dtype=np.int64)
        self.threshold = np.asarray(nodes["num_threshold"], dtype=np.float64)
        self.nan_left = np.asarray(nodes["missing_go_to_left"], dtype=bool)
        self.left = np.asarray(nodes["left"], dtype=np.int64)
        self.right = np.asarray(nodes["right"], dtype=np.int64)
        self.leaf = np.asarray(nodes["is_leaf"], dtype=bool)
        self.value = np.asarray(nodes["value"], dtype=np.float64)

    @classmethod
    def from_hgb(cls, est) -> "TreeEnsemble":
        """Copy the trees out of a fitted ``HistGradientBoostingRegressor``."""
        parts, roots, offset = {f: [] for f in cls.FIELDS}, [], 0
        for (tree,) in est._predictors:
            nodes = tree.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported")
            roots.append(offset)
            for f in cls.FIELDS:
                col = nodes[f].astype(np.int64) if f in ("left", "right") else nodes[f]
                parts[f].append(col + offset if f in ("left", "right") else col)
            offset += len(nodes)
        nodes = {f: np.concatenate(v) if v else np.zeros(0) for f, v in parts.items()}
        return cls(float(np.ravel(est._baseline_prediction)[0]), np.asarray(roots), nodes)

    def raw(self, X: np.ndarray) -> np.ndarray:
        node = np.broadcast_to(self.roots, (len(X), len(self.roots))).copy()
        rows = np.arange(len(X))[:, None]
        while True:
            inner = ~self.leaf[node]
            if not inner.any():
                break
            x = X[rows, self.feature[node]]
            left = np.where(np.isnan(x), self.nan_left[node], x <= self.threshold[node])
            node = np.where(inner, np.where(left, self.left[node], self.right[node]), node)
        return self.baseline + self.value[node].sum(1)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Expected gain for each row of ``X``."""
        return np.exp(np.clip(self.raw(X), -20, 5))

    def arrays(self) -> dict:
        return {"baseline": np.array([self.baseline]), "roots": self.roots, "feature_idx": self.feature,
                "num_threshold": self.threshold, "missing_go_to_left": self.nan_left, "left": self.left,
                "right": self.right, "is_leaf": self.leaf, "value": self.value}

    @classmethod
    def from_arrays(cls, a: dict) -> "TreeEnsemble":
        return cls(float(a["baseline"][0]), a["roots"], a)


GAIN_MODELS = {"linear": LogLinear, "hgb": TreeEnsemble}


def fit_referral(X_obs: np.ndarray, X_neg: np.ndarray) -> tuple[np.ndarray, float]:
    """Linear log-odds that a pair is one a case worker would refer.

    Logistic regression of observed referrals against the sampled background,
    classes balanced, on standardised features folded back into raw weights
    so scoring is a single dot product.
    """
    X = np.vstack([X_obs, X_neg])
    y = np.concatenate([np.ones(len(X_obs)), np.zeros(len(X_neg))])
    mu, sd = X.mean(0), X.std(0)
    sd[sd == 0] = 1.0
    lr = LogisticRegression(C=1.0, max_iter=300, class_weight="balanced")
    lr.fit((X - mu) / sd, y)
    w = lr.coef_.ravel() / sd
    return w, float(lr.intercept_[0] - (mu * w).sum())


def fit_gain(kind: str, X: np.ndarray, labels: np.ndarray, seed: int, max_iter: int = 150,
             weights: np.ndarray | None = None):
    """Expected NDCG gain (2**label - 1) of a referral: ``"hgb"`` or ``"linear"``.

    ``weights`` are the inverse-propensity weights of the rows.
    """
    gain = 2.0 ** np.asarray(labels, dtype=np.float64) - 1.0
    if kind == "linear":
        mu, sd = X.mean(0), X.std(0)
        sd[sd == 0] = 1.0
        glm = PoissonRegressor(alpha=1e-3, max_iter=300).fit((X - mu) / sd, gain, sample_weight=weights)
        w = glm.coef_ / sd
        return LogLinear(w, float(glm.intercept_ - (mu * w).sum()))
    mono = [MONOTONE.get(f, 0) for f in FEATURES]
    # Poisson loss: gains are non-negative counts-like and the log link makes
    # the effects multiplicative, matching "plausibility x how it turns out".
    est = HistGradientBoostingRegressor(
        loss="poisson", max_iter=max_iter, learning_rate=0.1, max_leaf_nodes=15,
        min_samples_leaf=40, l2_regularization=1.0, monotonic_cst=mono,
        early_stopping=False, random_state=seed,
    )
    # One OpenMP thread: on a small shared machine spinning threads cost far more than they give.
    with threadpool_limits(limits=1, user_api="openmp"):
        est.fit(X, gain, sample_weight=weights)
    return TreeEnsemble.from_hgb(est)
