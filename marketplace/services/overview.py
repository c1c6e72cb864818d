"""The admin's overview: how loaded each caseworker is, in one grouped query."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, distinct, func, select

from .. import clock
from ..extensions import db
from ..models import CandidateProfile, CaseworkerArea
from ..scopes import shown_to_caseworkers
from .today import FILTERS


@dataclass(frozen=True)
class Load:
    people: int = 0
    visits_due: int = 0


def caseworker_load(caseworker_ids: list[int], today: date | None = None) -> dict[int, Load]:
    """For each caseworker: the people living in their communes that they see, and how many of
    them are due a visit (the today panel's rule: no contact for 60 days)."""
    if not caseworker_ids:
        return {}
    due = FILTERS["visits_due"].where(today or clock.today())
    rows = db.session.execute(
        select(CaseworkerArea.caseworker_id, func.count(distinct(CandidateProfile.id)),
               func.count(distinct(case((due, CandidateProfile.id)))))
        .join(CandidateProfile, CandidateProfile.ward_code == CaseworkerArea.ward_code)
        .where(CaseworkerArea.caseworker_id.in_(caseworker_ids), shown_to_caseworkers())
        .group_by(CaseworkerArea.caseworker_id))
    return {user_id: Load(people, visits) for user_id, people, visits in rows}
