"""Provinces and communes after the July 2025 reform, from the vietnam-provinces package."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from vietnam_provinces import Province, Ward


@lru_cache(maxsize=1)
def provinces() -> tuple[tuple[int, str], ...]:
    """(code, name) of the 34 provinces, sorted by name as Vietnamese readers expect."""
    return tuple(sorted(((int(p.code), p.name) for p in Province.iter_all()), key=lambda p: _sort_key(p[1])))


@lru_cache(maxsize=1)
def _wards_by_province() -> dict[int, tuple[tuple[int, str], ...]]:
    grouped: dict[int, list[tuple[int, str]]] = {}
    for w in Ward.iter_all():
        grouped.setdefault(int(w.province_code), []).append((int(w.code), w.name))
    return {k: tuple(sorted(v, key=lambda w: _sort_key(w[1]))) for k, v in grouped.items()}


@lru_cache(maxsize=1)
def _ward_index() -> dict[int, tuple[int, str]]:
    return {code: (prov, name) for prov, ws in _wards_by_province().items() for code, name in ws}


@lru_cache(maxsize=1)
def _province_names() -> dict[int, str]:
    return dict(provinces())


def wards_of(province_code: int | None) -> tuple[tuple[int, str], ...]:
    return _wards_by_province().get(province_code or -1, ())


def is_valid_pair(province_code: int | None, ward_code: int | None) -> bool:
    """True when the commune exists and belongs to that province."""
    found = _ward_index().get(ward_code or -1)
    return found is not None and found[0] == province_code


def province_of_ward(ward_code: int) -> int | None:
    found = _ward_index().get(ward_code)
    return found[0] if found else None


def province_name(code: int | None) -> str:
    return _province_names().get(code or -1, "")


def ward_name(code: int | None) -> str:
    found = _ward_index().get(code or -1)
    return found[1] if found else ""


def place_label(province_code: int | None, ward_code: int | None) -> str:
    parts = [ward_name(ward_code), province_name(province_code)]
    return ", ".join(p for p in parts if p)


# --- finding a place by the name people write ----------------------------------------------------
# The package (2025.10) lists only the units after the July 2025 reform: it has no table from the
# old communes, districts and towns to the new ones, so an old name that no commune still bears is
# not found (the caller says so and asks for the new name).
_KINDS = ("thanh pho", "tp", "phuong", "xa", "dac khu", "tinh", "thi tran", "thi xa", "huyen", "quan")


def name_key(text: str) -> tuple[str, str]:
    """(the name with its kind, the bare name) as letters and digits without accents: "Phường
    Uông Bí" and "phuong uong bi" give ("phuonguongbi", "uongbi")."""
    plain = unicodedata.normalize("NFD", (text or "").replace("Đ", "D").replace("đ", "d"))
    words = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = " ".join("".join(c if c.isalnum() else " " for c in words).split())
    bare = words
    for kind in _KINDS:
        if words.startswith(kind + " "):
            bare = words[len(kind) + 1:]
            break
    return words.replace(" ", ""), bare.replace(" ", "")


def _index(pairs) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for code, name in pairs:
        full, bare = name_key(name)
        for key in {full, bare}:
            found.setdefault(key, []).append(code)
    return {k: tuple(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def _wards_by_name() -> dict[str, tuple[int, ...]]:
    return _index((code, name) for code, (_prov, name) in _ward_index().items())


@lru_cache(maxsize=1)
def _provinces_by_name() -> dict[str, tuple[int, ...]]:
    return _index(provinces())


def _named(index: dict[str, tuple[int, ...]], text: str) -> tuple[int, ...]:
    full, bare = name_key(text)
    if full != bare:  # the kind was written ("Xã ..."): it must be right
        return index.get(full, ())
    return index.get(bare, ())


def wards_named(text: str) -> tuple[int, ...]:
    """Codes of the communes that bear this name (several provinces may have one each)."""
    return _named(_wards_by_name(), text)


def provinces_named(text: str) -> tuple[int, ...]:
    return _named(_provinces_by_name(), text)


def _sort_key(name: str) -> str:
    # Sort by the proper name, not by "Xã"/"Phường"/"Thành phố".
    for prefix in ("Thành phố ", "Phường ", "Xã ", "Đặc khu ", "Tỉnh "):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    # Vietnamese order: letters before their accented forms, Đ right after D.
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D~").replace("đ", "d~"))
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()
