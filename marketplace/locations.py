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


def _sort_key(name: str) -> str:
    # Sort by the proper name, not by "Xã"/"Phường"/"Thành phố".
    for prefix in ("Thành phố ", "Phường ", "Xã ", "Đặc khu ", "Tỉnh "):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    # Vietnamese order: letters before their accented forms, Đ right after D.
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D~").replace("đ", "d~"))
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()
