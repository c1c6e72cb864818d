"""Offline evaluation on held-out recent outcomes, against simple baselines.

Protocol: outcomes are put in chronological order (by ``Outcome.at`` when
every outcome has one, else as given); the last ``holdout`` share is held
out, everything else trains. Each candidate with at least one positive
(label >= 1) held-out outcome is ranked against the positions open when the
referral was made (``windows``: each position's opening and closing time on
the clock of ``Outcome.at``) -- not every position ever offered, most of
which nobody could have been sent to then -- or, without windows, against
all positions given. Seats are treated as available (``seats >= 1``, no open
referrals) because historical outcomes happened when seats were open:
otherwise today's full positions would be unrankable and count as misses
for every method alike. Relevance is the held-out label (gain 2**label - 1);
unreferred positions count as irrelevant, which understates every method
the same way. A *censored* held-out outcome (a hire whose 90/180-day checks
are not yet due) is left out of the graded part: its label is only a lower
bound, and counting it would score a method down for a hire that may well
last.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .eligibility import eligible_positions
from .index import PositionIndex, normalise_text
from .ranker import Ranker
from .types import Candidate, Outcome, Position


@dataclass(frozen=True)
class EvalRow:
    """Metrics of one method."""

    name: str
    ndcg10: float
    recall10: float
    coverage: float
    max_exposure: int


@dataclass(frozen=True)
class EvalResult:
    """All methods' rows plus the split sizes."""

    rows: list
    n_train: int
    n_test: int
    n_candidates: int

    def row(self, name: str) -> EvalRow:
        """The row called ``name``."""
        return next(r for r in self.rows if r.name == name)


def ndcg_at(ranked: Sequence, relevance: dict, k: int = 10) -> float:
    """NDCG@k of ``ranked`` ids with graded ``relevance`` (id -> label)."""
    dcg = sum((2 ** relevance.get(i, 0) - 1) / math.log2(r + 2) for r, i in enumerate(ranked[:k]))
    ideal = sorted(relevance.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def _metrics(name, tops: dict, relevance: dict, n_positions: int, k: int) -> EvalRow:
    ndcg, hits, total = [], 0, 0
    exposure: dict = {}
    for cid, rel in relevance.items():
        top = list(tops.get(cid, []))[:k]
        ndcg.append(ndcg_at(top, rel, k))
        positives = {p for p, g in rel.items() if g >= 1}
        hits += len(positives & set(top))
        total += len(positives)
        for p in top:
            exposure[p] = exposure.get(p, 0) + 1
    return EvalRow(name, float(np.mean(ndcg)) if ndcg else 0.0, hits / total if total else 0.0,
                   len(exposure) / n_positions if n_positions else 0.0,
                   max(exposure.values()) if exposure else 0)


def chronological(outcomes: Sequence[Outcome]) -> list:
    """Outcomes oldest first: by ``at`` when every one has it (stable), else as given."""
    outcomes = list(outcomes)
    if outcomes and all(getattr(o, "at", None) is not None for o in outcomes):
        return sorted(outcomes, key=lambda o: o.at)
    return outcomes


def open_pools(test: Sequence[Outcome], positions: Sequence[Position], windows: dict | None,
               candidates=None) -> dict:
    """For each held-out candidate, the ids of positions open when its referral was made.

    ``windows`` maps a position id to ``(opened_at, closed_at)`` on the clock of ``Outcome.at``
    (``closed_at`` None: still open; ``opened_at`` None: open from the start). A position is in
    the pool when it opened at or before the referral and closed after it. Positions without a
    window, and outcomes without a time, give every position. A candidate with several held-out
    referrals gets the union of their pools.
    """
    if windows is None:
        return {}
    ids = [p.id for p in positions]
    opened = np.array([_time(windows.get(i, (None, None))[0], -np.inf) for i in ids])
    closed = np.array([_time(windows.get(i, (None, None))[1], np.inf) for i in ids])
    pools: dict = {}
    for o in test:
        if candidates is not None and o.candidate_id not in candidates:
            continue
        if getattr(o, "at", None) is None:
            mask = np.ones(len(ids), dtype=bool)
        else:
            mask = (opened <= o.at) & (closed > o.at)
        pools[o.candidate_id] = pools.get(o.candidate_id, np.zeros(len(ids), dtype=bool)) | mask
    return {c: {ids[r] for r in np.flatnonzero(m)} for c, m in pools.items()}


def _time(value, default: float) -> float:
    return default if value is None else float(value)


def _top_ids(scores: np.ndarray, mask: np.ndarray, ids: list, k: int) -> list:
    rows = np.flatnonzero(mask)
    order = rows[np.argsort(-scores[rows], kind="stable")[:k]]
    return [ids[i] for i in order]


def evaluate(candidates: Sequence[Candidate], positions: Sequence[Position],
             outcomes: Sequence[Outcome], holdout: float = 0.2, k: int = 10, seed: int = 0,
             model: str = "linear", ranker: Ranker | None = None, windows: dict | None = None) -> EvalResult:
    """Fit on older outcomes, test on the most recent ``holdout`` share.

    Rows, in order: ``fitted``, ``cold_start``, ``random``, ``popularity``
    (positions, then employers, with most hires in training) and ``tfidf``
    (character TF-IDF cosine of skills + text on both sides). ``ranker`` is
    an optional configured Ranker to fit instead of ``Ranker(model=model)``;
    it is refitted on the training part. ``windows`` (position id ->
    ``(opened_at, closed_at)``) limits each held-out referral's pool to the
    positions open when it was made (see :func:`open_pools`).
    """
    outcomes = chronological(outcomes)
    n_test = int(math.ceil(len(outcomes) * holdout)) if outcomes else 0
    train, test = outcomes[:len(outcomes) - n_test], outcomes[len(outcomes) - n_test:]
    pool = [dataclasses.replace(p, seats=max(int(p.seats or 0), 1), open_referrals=0) for p in positions]
    by_cand = {c.id: c for c in candidates}
    relevance: dict = {}
    for o in test:
        if o.candidate_id in by_cand and not getattr(o, "censored", False):
            rel = relevance.setdefault(o.candidate_id, {})
            rel[o.position_id] = max(rel.get(o.position_id, 0), int(o.label))
    relevance = {c: r for c, r in relevance.items() if max(r.values()) >= 1}
    evaluated = [by_cand[c] for c in relevance]
    pools = open_pools(test, pool, windows, relevance)
    all_ids = [p.id for p in pool]

    def closed_for(cid) -> list:
        open_ids = pools.get(cid)
        return [] if open_ids is None else [i for i in all_ids if i not in open_ids]

    fitted = (ranker or Ranker(model=model, random_state=seed)).fit(candidates, positions, train)
    cold = Ranker(model=model, random_state=seed)
    rows = []
    for name, r in (("fitted", fitted), ("cold_start", cold)):
        index = r.index_positions(pool)
        tops = {c.id: [m.id for m in r.rank(c, index, k, exclude=closed_for(c.id))] for c in evaluated}
        rows.append(_metrics(name, tops, relevance, len(pool), k))

    for name, tops in baseline_tops(evaluated, pool, positions, train, k, seed, pools).items():
        rows.append(_metrics(name, tops, relevance, len(pool), k))
    return EvalResult(rows, len(train), len(test), len(evaluated))


def baseline_tops(evaluated, pool, positions, train, k: int, seed: int, pools: dict | None = None) -> dict:
    """Top-``k`` position ids of each baseline for each candidate in ``evaluated``.

    ``random``; ``popularity`` (positions, then employers, with most hires in
    ``train``); ``tfidf`` (character TF-IDF cosine of skills + text on both sides).
    ``pools`` (candidate id -> ids of the positions open then) narrows each candidate's choice.
    """
    index = PositionIndex(pool)
    ids = index.ids
    masks = {c.id: eligible_positions(c, index) for c in evaluated}
    for cid, open_ids in (pools or {}).items():
        if cid in masks:
            masks[cid] &= np.array([i in open_ids for i in ids], dtype=bool)
    out = {}
    rng = np.random.default_rng(seed)
    out["random"] = {c.id: _top_ids(rng.random(len(ids)), masks[c.id], ids, k) for c in evaluated}

    hires_pos: dict = {}
    hires_emp: dict = {}
    emp_of = {p.id: p.employer_id for p in positions}
    for o in train:
        if o.label >= 1:
            hires_pos[o.position_id] = hires_pos.get(o.position_id, 0) + 1
            e = emp_of.get(o.position_id)
            hires_emp[e] = hires_emp.get(e, 0) + 1
    pop = np.array([hires_pos.get(p.id, 0) + 0.01 * hires_emp.get(p.employer_id, 0) for p in pool])
    out["popularity"] = {c.id: _top_ids(pop, masks[c.id], ids, k) for c in evaluated}

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), preprocessor=normalise_text,
                          sublinear_tf=True)
    P = vec.fit_transform([" ".join(sorted(p.required_skills | p.preferred_skills)) + " " + p.title
                           + " " + p.text for p in pool]) if pool else None
    tops = {}
    for c in evaluated:
        v = vec.transform([" ".join(sorted(c.skills)) + " " + c.text])
        sim = np.asarray((P @ v.T).todense()).ravel()
        tops[c.id] = _top_ids(sim, masks[c.id], ids, k)
    out["tfidf"] = tops
    return out


def format_table(rows) -> str:
    """Plain-text table of evaluation rows (an ``EvalResult`` or a list of ``EvalRow``)."""
    if isinstance(rows, EvalResult):
        rows = rows.rows
    head = f"{'method':<12} {'NDCG@10':>8} {'recall@10':>10} {'coverage':>9} {'max_exp':>8}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.name:<12} {r.ndcg10:>8.3f} {r.recall10:>10.3f} {r.coverage:>9.3f} {r.max_exposure:>8d}")
    return "\n".join(lines)


# --- the value of a ranking on what people were actually shown ---------------------------------

@dataclass(frozen=True)
class LoggedList:
    """One list of positions as it was shown to (or for) a person, and what followed.

    ``shown`` holds position ids in the order shown (rank 1 first); ``gains`` the gain that
    followed each (2**label - 1 of the referral it led to; absent or 0 when nothing did).
    """

    candidate: Candidate
    shown: tuple
    gains: dict


@dataclass(frozen=True)
class IpsRow:
    """A method's estimated gain per list, with a 95 % bootstrap interval."""

    name: str
    value: float
    low: float
    high: float


def examination(rank) -> np.ndarray:
    """How likely a person looks at the item at ``rank`` (1-based): the position-based model's
    1/log2(rank + 1), the same discount NDCG uses."""
    return 1.0 / np.log2(np.asarray(rank, dtype=float) + 1.0)


def ips_estimate(methods: dict, lists: Sequence[LoggedList], positions: Sequence[Position],
                 k: int = 10, clip: float = 10.0, n_boot: int = 500, seed: int = 0) -> list[IpsRow]:
    """Inverse-propensity estimate of each method's gain on logged lists.

    Under the position-based model a gain observed at logged rank r was seen with probability
    examination(r); a method that would put the same item at rank r' (among the logged items,
    scored with ``score_all``) is credited gain * examination(r') / examination(r), the ratio
    clipped at ``clip``; items it would not show in its top ``k`` (or finds ineligible) get
    nothing. ``methods`` maps names to rankers; the row ``logged`` is what the lists collected as
    shown. Only items that were shown can be credited: a method is not rewarded for positions
    nobody saw, which understates methods far from the logging policy.
    """
    by_id = {p.id: dataclasses.replace(p, seats=max(int(p.seats or 0), 1), open_referrals=0)
             for p in positions}
    lists = [lst for lst in lists if any(p in by_id for p in lst.shown)]
    per_method = {"logged": np.zeros(len(lists))}
    for name in methods:
        per_method[name] = np.zeros(len(lists))
    for i, lst in enumerate(lists):
        shown = [p for p in lst.shown if p in by_id]
        logged_rank = {p: r for r, p in enumerate(lst.shown, start=1)}
        gains = np.array([float(lst.gains.get(p, 0.0)) for p in shown])
        old = examination([logged_rank[p] for p in shown])
        per_method["logged"][i] = float(gains.sum())
        for name, ranker in methods.items():
            scores = ranker.score_all(lst.candidate, [by_id[p] for p in shown])
            order = np.argsort(-np.nan_to_num(scores, nan=-np.inf), kind="stable")
            new_rank = np.empty(len(shown))
            new_rank[order] = np.arange(1, len(shown) + 1)
            credited = (new_rank <= k) & ~np.isnan(scores)
            weight = np.minimum(examination(new_rank) / old, clip) * credited
            per_method[name][i] = float((gains * weight).sum())
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(lists), size=(n_boot, len(lists))) if lists else None
    rows = []
    for name, values in per_method.items():
        if not lists:
            rows.append(IpsRow(name, 0.0, 0.0, 0.0))
            continue
        boot = values[draws].mean(axis=1)
        rows.append(IpsRow(name, float(values.mean()), float(np.percentile(boot, 2.5)),
                           float(np.percentile(boot, 97.5))))
    return rows
