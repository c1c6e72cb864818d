"""Icons beside words: Lucide's SVGs (ISC licence, static/icons/LICENSE), inlined so a page needs
no extra request for them. Always decorative: the word next to an icon says what it means, so
the icon is hidden from screen readers."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from . import labels

FOLDER = Path(__file__).parent / "static" / "icons"
_NAME = re.compile(r"^[a-z0-9-]+$")
_SHAPES = re.compile(r"<svg[^>]*>(.*)</svg>", re.S)
_OPEN = ('<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" '
         'height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
         'stroke-linejoin="round">')

# The icon of each coded status; a status without one is shown by its colour and words alone.
STATUS_ICONS = {
    "referral_status": {
        "proposed": "circle-dot", "approved": "check", "sent": "send", "interview": "calendar",
        "hired": "badge-check", "declined": "circle-x", "withdrawn": "undo-2", "left": "log-out"},
    "position_status": {
        "draft": "file-pen", "open": "circle-check", "full": "users", "paused": "circle-pause",
        "closed": "lock"},
    "employer_state": {
        "awaiting": "hourglass", "verified": "badge-check", "refused": "ban",
        "suspended": "circle-pause"},
}


@lru_cache(maxsize=None)
def _shapes(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not an icon name: {name!r}")
    text = (FOLDER / f"{name}.svg").read_text(encoding="utf-8")
    return re.sub(r">\s+<", "><", _SHAPES.search(text).group(1)).strip()


def icon(name: str) -> Markup:
    """An inline SVG icon, hidden from assistive technology; sized by the surrounding text."""
    return Markup(_OPEN + _shapes(name) + "</svg>")  # nosec B704: our own vendored SVG files, by checked name


def status_icon(table: str, code) -> Markup:
    """The icon of a status (or of the action that reaches it), empty when it has none."""
    name = STATUS_ICONS.get(table, {}).get(code)
    return icon(name) if name else Markup("")


def status_chip(table: str, code) -> Markup:
    """A status chip: colour, icon and words (never colour alone). Keeps the classes
    `badge status-<code>` that pages and tests select on."""
    return Markup('<span class="badge status-{0}">{1}{2}</span>').format(
        code, status_icon(table, code), labels.coded(table, code))
