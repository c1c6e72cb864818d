"""Array representations of position and candidate lists.

Ranking scores thousands of pairs per call, so every attribute is turned
once into numpy arrays or sparse matrices. Categorical strings become stable
64-bit hashes (0 means unknown) and string sets become sparse rows over a
hashed column space, so two indexes built separately still compare without
sharing a vocabulary.
"""
from __future__ import annotations

import math
from functools import cached_property, lru_cache
from hashlib import blake2b
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from .scrub import scrub
from .types import Candidate, Position

SET_COLUMNS = 1 << 20
TEXT_BITS = 18
TEXT_COLUMNS = 1 << TEXT_BITS


@lru_cache(maxsize=1 << 16)
def code_hash(value) -> int:
    """Stable 64-bit hash of an opaque code; 0 for missing/empty values."""
    if value is None or value == "":
        return 0
    digest = blake2b(str(value).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True) or 1


def set_columns(values: Iterable) -> list[int]:
    """Column indices of a set of codes in the hashed set space."""
    return sorted({code_hash(v) % SET_COLUMNS for v in values if v not in (None, "")})


def sets_to_csr(rows: Sequence[Iterable]) -> sp.csr_matrix:
    """Binary CSR matrix (len(rows) x SET_COLUMNS) of hashed code sets."""
    indptr = [0]
    indices: list[int] = []
    for values in rows:
        indices.extend(set_columns(values))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(rows), SET_COLUMNS),
    )


def normalise_text(text: str) -> str:
    """NFC-normalise, take out protected terms, lowercase, keeping Vietnamese diacritics.

    Input from different keyboards mixes composed and decomposed forms of the
    same letter; NFC makes them the same n-grams. Diacritics are kept because
    they distinguish words in Vietnamese ("ca" vs "cá" vs "cà"). Words about
    records, prison, offences, gender and age are removed first (see
    :mod:`matching.scrub`), so free text cannot carry what the features never do.
    """
    # Tokens left with no letter or digit (the comma after a removed term) go too.
    return " ".join(t for t in scrub(text).lower().split() if any(ch.isalnum() for ch in t))


NGRAM_SIZES = (2, 3, 4)
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_CHUNK_DOCS = 20_000


def _hash_chunk(docs: list[str]) -> sp.csr_matrix:
    """Hashed character n-gram counts of already padded, normalised docs.

    Rolling polynomial hashes over the concatenated code points, all in numpy:
    pure-Python n-gram extraction took ~150 us per profile, too slow to index
    100,000 candidates. An n-gram is kept only if it lies within one document.
    """
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    cp = np.frombuffer("".join(docs).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    doc = np.repeat(np.arange(len(docs)), lengths)
    rows, cols = [], []
    with np.errstate(over="ignore"):
        for n in NGRAM_SIZES:
            m = len(cp) - n + 1
            if m <= 0:
                continue
            h = cp[:m] + np.uint64(n)
            for j in range(1, n):
                h = h * _PRIME + cp[j:j + m]
            same = doc[:m] == doc[n - 1:n - 1 + m]
            rows.append(doc[:m][same])
            cols.append(((h[same] * _MIX) >> np.uint64(64 - TEXT_BITS)).astype(np.int64))
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    m = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(docs), TEXT_COLUMNS))
    m.sum_duplicates()
    return m


def text_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """Sublinear counts of character n-grams (sizes ``NGRAM_SIZES``) in hashed space.

    Character n-grams need no Vietnamese word splitter. Stateless: the same
    text always gives the same row, fitted or not.
    """
    if len(texts) == 0:
        return sp.csr_matrix((0, TEXT_COLUMNS), dtype=np.float32)
    if len(texts) == 1:  # the per-request case: skip the dedup machinery
        norm = normalise_text(texts[0])
        m = _hash_chunk([" " + norm + " " if norm else ""])
        m.data = np.log1p(m.data)
        return m
    # Profiles written from the same form repeat a lot: hash each distinct text once.
    uniq, inverse = np.unique(np.asarray([t or "" for t in texts], dtype=object), return_inverse=True)
    docs = []
    for t in uniq:
        norm = normalise_text(t)
        docs.append(" " + norm + " " if norm else "")
    m = sp.vstack([_hash_chunk(docs[i:i + _CHUNK_DOCS]) for i in range(0, len(docs), _CHUNK_DOCS)],
                  format="csr")[inverse]
    m.data = np.log1p(m.data)  # sublinear tf: repeated words should not dominate
    return m


def text_vector(text: str, idf: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """One text as sorted (columns, L2-normalised weights), without scipy overhead."""
    row = text_counts([text])
    cols = row.indices.astype(np.int64)
    data = row.data.astype(np.float64)
    if idf is not None:
        data = data * idf[cols]
    norm = np.sqrt((data ** 2).sum())
    return cols, (data / norm if norm > 0 else data)


def weight_text(counts: sp.csr_matrix, idf: np.ndarray | None) -> sp.csr_matrix:
    """Apply idf weights (if any) and L2-normalise rows."""
    m = counts.astype(np.float32, copy=True)
    m.sort_indices()
    if idf is not None and m.nnz:
        m.data *= idf[m.indices]
    lengths = np.diff(m.indptr)
    sq = np.zeros(m.shape[0], dtype=np.float64)
    nonempty = lengths > 0
    if m.nnz:
        sq[nonempty] = np.add.reduceat(m.data.astype(np.float64) ** 2, m.indptr[:-1][nonempty])
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    m.data /= np.repeat(norms, lengths).astype(np.float32)
    return m


def _geo(lat, lon) -> dict:
    """Radians and cos(latitude) for the distance computation (NaN when unknown)."""
    lat_r, lon_r = np.radians(lat), np.radians(lon)
    return {"lat_r": lat_r, "lon_r": lon_r, "cos_lat": np.cos(lat_r)}


def _float(values, default=math.nan) -> np.ndarray:
    return np.array([default if v is None else float(v) for v in values], dtype=np.float64)


def _hashes(values) -> np.ndarray:
    return np.array([code_hash(v) for v in values], dtype=np.int64)


class Postings:
    """Which rows hold each hashed column: a CSC matrix over the columns actually used.

    A CSC over the full hashed space would carry an index pointer of 2**20
    entries (8 MB) per matrix whatever the data; this one is sized to the
    distinct codes present (a few dozen skills), looked up by binary search.
    """

    def __init__(self, csr: sp.csr_matrix):
        self.n = csr.shape[0]
        self.cols = np.unique(csr.indices).astype(np.int64)
        compact = np.searchsorted(self.cols, csr.indices)
        m = sp.csr_matrix((np.ones(len(compact), dtype=np.int8), compact, csr.indptr),
                          shape=(self.n, len(self.cols))).tocsc()
        self.indptr, self.rows = m.indptr, m.indices

    def rows_with(self, cols) -> np.ndarray:
        """Row numbers (with repeats) holding any of the hashed ``cols``."""
        cols = np.asarray(cols, dtype=np.int64)
        if len(cols) == 0 or len(self.cols) == 0:
            return np.zeros(0, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.cols, cols), len(self.cols) - 1)
        at = at[self.cols[at] == cols]
        if len(at) == 0:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([self.rows[self.indptr[c]:self.indptr[c + 1]] for c in at])

    def hits(self, cols) -> np.ndarray:
        """Per-row count of entries in the hashed ``cols``."""
        return np.bincount(self.rows_with(cols), minlength=self.n).astype(np.float64)

    @property
    def nbytes(self) -> int:
        return self.cols.nbytes + self.indptr.nbytes + self.rows.nbytes


def _check_ids(ids: list) -> None:
    seen: set = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate id {i!r}: every item must have its own id")
        seen.add(i)


class _Index:
    """Shared caching of model-dependent derived arrays."""

    def __init__(self, items: Sequence):
        self.items = list(items)
        self.ids = [x.id for x in self.items]
        _check_ids(self.ids)
        self.n = len(self.items)
        self._derived: dict = {}
        self._row_of: dict | None = None

    def __len__(self) -> int:
        return self.n

    def _texts(self) -> list[str]:
        return [x.text for x in self.items]

    def row_of(self, item_id) -> int | None:
        """Row number of the item with ``item_id`` (or None)."""
        if self._row_of is None:
            self._row_of = {i: r for r, i in enumerate(self.ids)}
        return self._row_of.get(item_id)

    @property
    def counts(self) -> sp.csr_matrix:
        """Raw n-gram counts of the texts; recomputed when a new model needs them.

        Not kept once the weighted matrix exists: at 10,000 positions each copy
        is about 12 MB, and a new model arrives far less often than requests.
        """
        counts = self.__dict__.get("_counts")
        return counts if counts is not None else text_counts(self._texts())

    def text_matrix(self, idf: np.ndarray | None, token, field: str = "text") -> sp.csr_matrix:
        """Normalised matrix of ``field`` ("text", or "title" for positions) for model ``token``."""
        key = (field, token)
        if key not in self._derived:
            # Keep only the latest model's variant: old ones are dead weight.
            self._derived = {k: v for k, v in self._derived.items() if k[1] == token or k[0] not in
                             ("text", "title")}
            counts = self.counts if field == "text" else text_counts([getattr(x, field) for x in self.items])
            self._derived[key] = weight_text(counts, idf)
            if field == "text":
                self.__dict__.pop("_counts", None)
        return self._derived[key]

    def derived(self, name: str, token, build):
        """Cache ``build()`` under (name, token), dropping other models' variants of ``name``."""
        key = (name, token)
        if key not in self._derived:
            self._derived = {k: v for k, v in self._derived.items() if k[0] != name or k[1] == token}
            self._derived[key] = build()
        return self._derived[key]


class PositionIndex(_Index):
    """Arrays describing a list of positions; build once, rank many times."""

    def __init__(self, positions: Sequence[Position]):
        super().__init__(positions)
        ps = self.items
        self.employer_hash = _hashes(p.employer_id for p in ps)
        self.sector_hash = _hashes(p.sector for p in ps)
        self.shift_hash = _hashes(p.shift for p in ps)
        self.sector_col = self.sector_hash % SET_COLUMNS
        self.shift_col = self.shift_hash % SET_COLUMNS
        self.training = np.array([p.kind == "training" for p in ps], dtype=np.float64)
        self.req = sets_to_csr([p.required_skills for p in ps])
        self.pref = sets_to_csr([p.preferred_skills for p in ps])
        self.n_req = np.diff(self.req.indptr).astype(np.float64)
        self.n_pref = np.diff(self.pref.indptr).astype(np.float64)
        self.sector_set = sets_to_csr([[p.sector] for p in ps])
        self.shift_set = sets_to_csr([[p.shift] for p in ps])
        self.employer_set = sets_to_csr([[p.employer_id] for p in ps])
        self.employer_col = self.employer_hash % SET_COLUMNS
        # The trainings leading to each job: named on the job, or by a training in the same list.
        leads: dict = {}
        for p in ps:
            if p.linked_position_id not in (None, ""):
                leads.setdefault(str(p.linked_position_id), set()).add(str(p.id))
        self.trained = sets_to_csr([set(p.trained_by) | leads.get(str(p.id), set()) for p in ps])
        # Exact offence table (no hashed columns): one boolean column per excluded code.
        keys = sorted({code_hash(o) for p in ps for o in p.excluded_offences})
        self.excluded_keys = np.asarray(keys, dtype=np.int64)
        self.excluded_table = np.zeros((len(ps), len(keys)), dtype=bool)
        col = {k: j for j, k in enumerate(keys)}
        for i, p in enumerate(ps):
            for o in p.excluded_offences:
                self.excluded_table[i, col[code_hash(o)]] = True
        self.min_edu = _float((p.min_education for p in ps), 0.0)
        self.phys = _float((p.physical_demand for p in ps), 0.0)
        self.wage = _float(p.wage for p in ps)
        self.seats = np.array([int(p.seats or 0) for p in ps], dtype=np.int64)
        self.referrals = np.array([int(p.open_referrals or 0) for p in ps], dtype=np.int64)
        self.prov_hash = _hashes(p.province for p in ps)
        self.ward_hash = _hashes(p.ward for p in ps)
        self.lat = _float(p.lat for p in ps)
        self.lon = _float(p.lon for p in ps)
        self.__dict__.update(_geo(self.lat, self.lon))
        self.housing = np.array([bool(p.housing_provided) for p in ps], dtype=np.float64)
        self.transport = np.array([bool(p.transport_provided) for p in ps], dtype=np.float64)
        self._counts = text_counts(self._texts())

    # Column forms are only needed on the "many" side of a ranking call.
    @cached_property
    def req_csc(self) -> Postings:
        return Postings(self.req)

    @cached_property
    def pref_csc(self) -> Postings:
        return Postings(self.pref)

    @cached_property
    def trained_csc(self) -> Postings:
        return Postings(self.trained)

    def excludes(self, offence: str | None) -> np.ndarray:
        """Rows whose position excludes ``offence`` (a normalised code)."""
        if not offence:
            return np.zeros(self.n, dtype=bool)
        key = code_hash(offence)
        at = np.flatnonzero(self.excluded_keys == key)
        return self.excluded_table[:, at[0]].copy() if len(at) else np.zeros(self.n, dtype=bool)

    def side(self, rows=None) -> dict:
        """Per-position arrays used by the feature builder (optionally a row subset)."""
        names = ("sector_hash", "shift_hash", "training", "n_req", "n_pref", "min_edu",
                 "phys", "wage", "seats", "referrals", "prov_hash", "ward_hash", "lat_r",
                 "lon_r", "cos_lat", "housing", "transport", "employer_hash")
        if rows is None:
            return {k: getattr(self, k) for k in names}
        return {k: getattr(self, k)[rows] for k in names}


class OneCandidate:
    """A single candidate as the arrays ``rank`` needs: cheaper than a CandidateIndex."""

    def __init__(self, c: Candidate):
        self.item = c
        self.skill_cols = np.asarray(set_columns(c.skills), dtype=np.int64)
        self.desired_cols = np.asarray(set_columns(c.desired_sectors), dtype=np.int64)
        self.shift_cols = np.asarray(set_columns(c.shifts), dtype=np.int64)
        self.hired_cols = np.asarray(set_columns(c.hired_by), dtype=np.int64)
        self.declined_cols = np.asarray(set_columns(c.declined_by), dtype=np.int64)
        self.training_cols = np.asarray(set_columns(c.completed_training), dtype=np.int64)

        def f(v, d=math.nan):
            return np.array([d if v is None else float(v)])

        self.side = {
            "n_skills": np.array([float(len(self.skill_cols))]),
            "n_desired": np.array([float(len(self.desired_cols))]),
            "n_shifts": np.array([float(len(self.shift_cols))]),
            "education": f(c.education, 0.0), "capacity": f(c.physical_capacity, 1.0),
            "prov_hash": np.array([code_hash(c.province)]), "ward_hash": np.array([code_hash(c.ward)]),
            "max_commute": f(c.max_commute_km), **_geo(f(c.lat), f(c.lon)),
            "has_transport": np.array([float(bool(c.has_transport))]),
            "needs_housing": np.array([float(bool(c.needs_housing))]),
            "wage_exp": f(c.wage_expectation),
        }


class CandidateIndex(_Index):
    """Arrays describing a list of candidates; build once, rank many times."""

    def __init__(self, candidates: Sequence[Candidate]):
        super().__init__(candidates)
        cs = self.items
        self.skills = sets_to_csr([c.skills for c in cs])
        self.n_skills = np.diff(self.skills.indptr).astype(np.float64)
        self.desired = sets_to_csr([c.desired_sectors for c in cs])
        self.n_desired = np.diff(self.desired.indptr).astype(np.float64)
        self.shifts = sets_to_csr([c.shifts for c in cs])
        self.n_shifts = np.diff(self.shifts.indptr).astype(np.float64)
        self.hired_by = sets_to_csr([c.hired_by for c in cs])
        self.declined_by = sets_to_csr([c.declined_by for c in cs])
        self.completed = sets_to_csr([c.completed_training for c in cs])
        self.offence_hash = _hashes(c.offence_category for c in cs)
        self.restricted = np.array([bool(c.travel_restricted) for c in cs], dtype=bool)
        self.education = _float((c.education for c in cs), 0.0)
        self.capacity = _float((c.physical_capacity for c in cs), 1.0)
        self.prov_hash = _hashes(c.province for c in cs)
        self.ward_hash = _hashes(c.ward for c in cs)
        self.lat = _float(c.lat for c in cs)
        self.lon = _float(c.lon for c in cs)
        self.__dict__.update(_geo(self.lat, self.lon))
        self.max_commute = _float(c.max_commute_km for c in cs)
        self.has_transport = np.array([bool(c.has_transport) for c in cs], dtype=np.float64)
        self.needs_housing = np.array([bool(c.needs_housing) for c in cs], dtype=np.float64)
        self.wage_exp = _float(c.wage_expectation for c in cs)
        self._counts = text_counts(self._texts())

    @cached_property
    def skills_csc(self) -> Postings:
        return Postings(self.skills)

    @cached_property
    def desired_csc(self) -> Postings:
        return Postings(self.desired)

    @cached_property
    def shifts_csc(self) -> Postings:
        return Postings(self.shifts)

    @cached_property
    def hired_csc(self) -> Postings:
        return Postings(self.hired_by)

    @cached_property
    def declined_csc(self) -> Postings:
        return Postings(self.declined_by)

    @cached_property
    def completed_csc(self) -> Postings:
        return Postings(self.completed)

    def side(self, rows=None) -> dict:
        """Per-candidate arrays used by the feature builder (optionally a row subset).

        Deliberately carries no gender, birth year or offence field: what is not
        handed to the feature builder cannot become a ranking feature.
        """
        names = ("n_skills", "n_desired", "n_shifts", "education", "capacity", "prov_hash",
                 "ward_hash", "lat_r", "lon_r", "cos_lat", "max_commute", "has_transport",
                 "needs_housing", "wage_exp")
        if rows is None:
            return {k: getattr(self, k) for k in names}
        return {k: getattr(self, k)[rows] for k in names}
