"""The matching vocabulary (skills, sectors, offence categories) in the reader's language."""
from __future__ import annotations

from flask_babel import get_locale

from matching import taxonomy


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if str(get_locale()) == "en" else pair[0]


def label(kind: str, code: str | int | None) -> str:
    table = getattr(taxonomy, kind.upper())
    pair = table.get(code)
    return _pick(pair) if pair else str(code or "")


def choices(kind: str) -> list[tuple]:
    return [(code, _pick(pair)) for code, pair in getattr(taxonomy, kind.upper()).items()]


def sector_choices() -> list[tuple]:
    return choices("sectors")
