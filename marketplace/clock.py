"""The programme's calendar: "today" is the date in Việt Nam, never the server's own zone."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

PROGRAMME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.now(timezone.utc)


def today() -> date:
    return datetime.now(PROGRAMME_ZONE).date()
