"""Smoothed target encoding of employers and sectors from outcome history.

What the history teaches is mostly *who* hires and keeps people: some
employers and some kinds of work retain people, others churn them. Rates
are shrunk toward the global rate with ``smoothing`` pseudo-outcomes so an
employer seen twice is not declared perfect, and the encodings used for the
training rows are computed out-of-fold so a row never sees its own label.
"""
from __future__ import annotations

import numpy as np


class TargetEncoding:
    """Employer and sector/kind hire and retention rates, looked up by hash."""

    def __init__(self, smoothing: float = 8.0):
        self.smoothing = smoothing
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

    def fit(self, employer_hash, sector_key, labels, folds: int = 5, seed: int = 0):
        """Fit on outcome rows; return out-of-fold encodings for those same rows.

        Returns a dict of arrays ``employer_hire``, ``employer_keep`` and
        ``sector_hire`` (centred on the global rates) aligned with ``labels``.
        """
        labels = np.asarray(labels)
        hire = (labels >= 1).astype(np.float64)
        keep = (labels >= 2).astype(np.float64)
        self.global_hire = float(hire.mean()) if len(hire) else 0.0
        self.global_keep = float(keep.mean()) if len(keep) else 0.0
        m = self.smoothing
        uniq, inv, n, h, k = self._rates(employer_hash, hire, keep)
        self.emp_keys = uniq
        self.emp_hire = (h + m * self.global_hire) / (n + m)
        self.emp_keep = (k + m * self.global_keep) / (n + m)
        self.emp_hired = h.astype(np.int64)
        suniq, sinv, sn, sh, _ = self._rates(sector_key, hire, keep)
        self.sec_keys = suniq
        self.sec_hire = (sh + m * self.global_hire) / (sn + m)

        # Out-of-fold: subtract each fold's own counts from the totals.
        fold = np.random.default_rng(seed).integers(0, folds, len(labels))
        out_eh = np.empty(len(labels))
        out_ek = np.empty(len(labels))
        out_sh = np.empty(len(labels))
        for f in range(folds):
            sel = fold == f
            if not sel.any():
                continue
            _, _, fn, fh, fk = self._rates(employer_hash, hire, keep, rows=sel)
            en, eh, ek = n - fn, h - fh, k - fk
            _, _, gn, gh, _ = self._rates(sector_key, hire, keep, rows=sel)
            s_n, s_h = sn - gn, sh - gh
            out_eh[sel] = ((eh + m * self.global_hire) / (en + m))[inv[sel]]
            out_ek[sel] = ((ek + m * self.global_keep) / (en + m))[inv[sel]]
            out_sh[sel] = ((s_h + m * self.global_hire) / (s_n + m))[sinv[sel]]
        return {
            "employer_hire": out_eh - self.global_hire,
            "employer_keep": out_ek - self.global_keep,
            "sector_hire": out_sh - self.global_hire,
        }

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
        out["scalars"] = np.array([self.smoothing, self.global_hire, self.global_keep])
        return out

    @classmethod
    def from_arrays(cls, a: dict) -> "TargetEncoding":
        enc = cls(float(a["scalars"][0]))
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
