"""Smoothed target encoding of employers and sectors from outcome history.

What the history teaches is mostly *who* hires and keeps people: some
employers and some kinds of work retain people, others churn them. Rates
are shrunk toward the global rate with ``smoothing`` pseudo-outcomes so an
employer seen twice is not declared perfect, and the encodings used for the
training rows are computed out-of-fold so a row never sees its own label.

Companies change (a new manager, a new dormitory, a bad season), so an
employer's rates are *time-decayed*: an outcome counts ``0.5 ** (age /
half_life)`` where its age is measured back from the newest outcome (days,
on the clock of ``Outcome.at``; outcomes without a time count fully).
"""
from __future__ import annotations

import numpy as np

#: An employer's outcome from this many days before the newest one counts half.
HALF_LIFE_DAYS = 180.0


def decay_weights(at, half_life: float = HALF_LIFE_DAYS) -> np.ndarray:
    """``0.5 ** (age / half_life)`` per outcome, age back from the newest; 1 where ``at`` is NaN."""
    at = np.asarray(at, dtype=np.float64)
    if len(at) == 0 or np.isnan(at).all() or not half_life:
        return np.ones(len(at))
    age = np.nanmax(at) - at
    return np.where(np.isnan(age), 1.0, 0.5 ** (np.maximum(age, 0.0) / half_life))


class TargetEncoding:
    """Employer and sector/kind hire and retention rates, looked up by hash."""

    def __init__(self, smoothing: float = 8.0, half_life: float = HALF_LIFE_DAYS):
        self.smoothing = smoothing
        self.half_life = half_life
        self.global_hire = 0.0
        self.global_keep = 0.0
        self.emp_keys = np.zeros(0, dtype=np.int64)
        self.emp_hire = np.zeros(0)
        self.emp_keep = np.zeros(0)

        self.emp_hired = np.zeros(0, dtype=np.int64)
        self.sec_keys = np.zeros(0, dtype=np.int64)
        self.sec_hire = np.zeros(0)

    @staticmethod
    def sector_key(sector_hash: np.ndarray, training: np.ndarray) -> np.ndarray:
        """One key per (sector, kind): training and jobs in a sector differ."""
        return sector_hash ^ (np.asarray(training, dtype=np.int64) * 0x5BD1E995)

    def _rates(self, keys, hire, keep, rows=None):
        uniq, inv = np.unique(keys, return_inverse=True)
        w = np.ones(len(keys)) if rows is None else rows.astype(np.float64)
        n = np.bincount(inv, weights=w, minlength=len(uniq))
        h = np.bincount(inv, weights=hire * w, minlength=len(uniq))
        k = np.bincount(inv, weights=keep * w, minlength=len(uniq))
        return uniq, inv, n, h, k

    def fit(self, employer_hash, sector_key, labels, folds: int = 5, seed: int = 0, at=None):
        """Fit on outcome rows; return encodings for those same rows that never see their own label.

        ``at`` (when each referral was made, NaN unknown) decays employers' old
        outcomes, and when every row has one, each row's employer rates are
        those known before it was made (see ``_as_of``); otherwise they are
        out-of-fold. Returns a dict of arrays ``employer_hire``, ``employer_keep`` and
        ``sector_hire`` (centred on the global rates) aligned with ``labels``.
        """
        labels = np.asarray(labels)
        hire = (labels >= 1).astype(np.float64)
        keep = (labels >= 2).astype(np.float64)
        decay = decay_weights(np.full(len(labels), np.nan) if at is None else at, self.half_life)
        self.global_hire = float(hire.mean()) if len(hire) else 0.0
        self.global_keep = float(keep.mean()) if len(keep) else 0.0
        m = self.smoothing
        uniq, inv, n, h, k = self._rates(employer_hash, hire, keep, rows=decay)
        self.emp_keys = uniq
        self.emp_hire = (h + m * self.global_hire) / (n + m)
        self.emp_keep = (k + m * self.global_keep) / (n + m)
        self.emp_hired = np.bincount(inv, weights=hire, minlength=len(uniq)).astype(np.int64)
        suniq, sinv, sn, sh, _ = self._rates(sector_key, hire, keep)
        self.sec_keys = suniq
        self.sec_hire = (sh + m * self.global_hire) / (sn + m)

        if at is not None and len(labels) and not np.isnan(np.asarray(at, dtype=np.float64)).any():
            out_eh, out_ek = self._as_of(inv, len(uniq), hire, keep, np.asarray(at, np.float64))
            out_sh = self._sector_oof(sector_key, hire, keep, sinv, sn, sh, folds, seed)
        else:
            out_eh, out_ek, out_sh = self._oof(employer_hash, sector_key, hire, keep, decay, inv, sinv,
                                               (n, h, k), (sn, sh), folds, seed)
        return {
            "employer_hire": out_eh - self.global_hire,
            "employer_keep": out_ek - self.global_keep,
            "sector_hire": out_sh - self.global_hire,
        }

    def _oof(self, employer_hash, sector_key, hire, keep, decay, inv, sinv, totals, sector_totals, folds, seed):
        """Out-of-fold encodings: each fold's own counts taken out of the totals."""
        n, h, k = totals
        sn, sh = sector_totals
        m = self.smoothing
        # Out-of-fold: subtract each fold's own counts from the totals.
        fold = np.random.default_rng(seed).integers(0, folds, len(hire))
        out_eh = np.empty(len(hire))
        out_ek = np.empty(len(hire))
        out_sh = np.empty(len(hire))
        for f in range(folds):
            sel = fold == f
            if not sel.any():
                continue
            _, _, fn, fh, fk = self._rates(employer_hash, hire, keep, rows=sel * decay)
            en, eh, ek = n - fn, h - fh, k - fk
            _, _, gn, gh, _ = self._rates(sector_key, hire, keep, rows=sel)
            s_n, s_h = sn - gn, sh - gh
            out_eh[sel] = ((eh + m * self.global_hire) / (en + m))[inv[sel]]
            out_ek[sel] = ((ek + m * self.global_keep) / (en + m))[inv[sel]]
            out_sh[sel] = ((s_h + m * self.global_hire) / (s_n + m))[sinv[sel]]
        return out_eh, out_ek, out_sh

    def _sector_oof(self, sector_key, hire, keep, sinv, sn, sh, folds, seed):
        m = self.smoothing
        fold = np.random.default_rng(seed).integers(0, folds, len(hire))
        out = np.empty(len(hire))
        for f in range(folds):
            sel = fold == f
            if sel.any():
                _, _, gn, gh, _ = self._rates(sector_key, hire, keep, rows=sel)
                out[sel] = ((sh - gh + m * self.global_hire) / (sn - gn + m))[sinv[sel]]
        return out

    def _as_of(self, inv, n_keys, hire, keep, at):
        """Each row's employer rates from the outcomes made *before* it, decayed to its own time.

        What a training row learns from is then what the employer looked like when the referral
        was made -- as the rates used at ranking time are what it looks like now. Rates decayed to
        the newest outcome but given to a row of two years ago would teach the model that a
        company's recent record says nothing about outcomes long past.
        """
        m, half = self.smoothing, self.half_life
        sums = np.zeros((n_keys, 3))  # decayed n, hires, keeps
        last = np.zeros(n_keys)
        out = np.empty((len(hire), 2))
        order = np.argsort(at, kind="stable")
        prior = np.array([self.global_hire, self.global_keep])
        start = 0
        while start < len(order):
            stop = start
            while stop < len(order) and at[order[stop]] == at[order[start]]:
                stop += 1
            rows = order[start:stop]
            t = at[rows[0]]
            keys = inv[rows]
            if half:
                sums[keys] *= (0.5 ** ((t - last[keys]) / half))[:, None]
            last[keys] = t
            out[rows] = (sums[keys, 1:] + m * prior) / (sums[keys, :1] + m)
            np.add.at(sums, keys, np.column_stack([np.ones(len(rows)), hire[rows], keep[rows]]))
            start = stop
        return out[:, 0], out[:, 1]

    @staticmethod
    def _lookup(keys, values, query, default):
        if len(keys) == 0:
            return np.full(len(query), default)
        pos = np.clip(np.searchsorted(keys, query), 0, len(keys) - 1)
        # Hash 0 means "no employer/sector given": never pool those together.
        found = (keys[pos] == query) & (query != 0)
        return np.where(found, values[pos], default)

    def transform(self, employer_hash, sector_key) -> dict:
        """Centred encodings for positions; unseen employers/sectors get 0."""
        employer_hash = np.asarray(employer_hash, dtype=np.int64)
        return {
            "employer_hire": self._lookup(self.emp_keys, self.emp_hire, employer_hash, self.global_hire) - self.global_hire,
            "employer_keep": self._lookup(self.emp_keys, self.emp_keep, employer_hash, self.global_keep) - self.global_keep,
            "sector_hire": self._lookup(self.sec_keys, self.sec_hire, np.asarray(sector_key, dtype=np.int64), self.global_hire) - self.global_hire,
        }

    ARRAYS = ("emp_keys", "emp_hire", "emp_keep", "emp_hired", "sec_keys", "sec_hire")

    def arrays(self) -> dict:
        """Plain arrays for a model file (see ``matching.store``)."""
        out = {name: getattr(self, name) for name in self.ARRAYS}
        out["scalars"] = np.array([self.smoothing, self.global_hire, self.global_keep, self.half_life])
        return out

    @classmethod
    def from_arrays(cls, a: dict) -> "TargetEncoding":
        enc = cls(float(a["scalars"][0]), float(a["scalars"][3]))
        enc.global_hire, enc.global_keep = float(a["scalars"][1]), float(a["scalars"][2])
        for name in cls.ARRAYS:
            setattr(enc, name, a[name])
        return enc

    def hired(self, employer_hash: int) -> int:
        """Number of hires (label >= 1) seen for an employer at fit time."""
        table = self.__dict__.get("_hired_table")
        if table is None:  # a dict: asked ten times per ranking, a binary search each was slower
            table = self._hired_table = dict(zip(self.emp_keys.tolist(), self.emp_hired.tolist(), strict=True))
        return int(table.get(int(employer_hash), 0)) if employer_hash else 0
