"""The area a report or an export covers, and the people in it that the person asking may count:
a caseworker their communes (or one of them), an admin everything, one province or one commune."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from .. import locations
from ..models import CandidateProfile, User
from ..scopes import candidates_in_communes


class AreaError(ValueError):
    """An area the person may not ask for; `message` is shown to them."""

    def __init__(self, message) -> None:
        self.message = message
        super().__init__("area")


@dataclass(frozen=True)
class Area:
    province_code: int | None = None
    ward_code: int | None = None

    def label(self, actor: User) -> str:
        if self.ward_code is not None:
            return locations.place_label(locations.province_of_ward(self.ward_code), self.ward_code)
        if actor.role == "caseworker":
            return str(_l("My communes"))
        if self.province_code is not None:
            return locations.province_name(self.province_code)
        return str(_l("All provinces"))


def check(actor: User, area: Area) -> None:
    """Refuse a commune outside a caseworker's care, or outside the province chosen."""
    if actor.role == "caseworker":
        held = actor.caseworker.ward_codes if actor.caseworker else set()
        if area.ward_code is not None and area.ward_code not in held:
            raise AreaError(_l("Choose one of the communes in your care."))
        return
    if actor.role != "admin":
        raise AreaError(_l("Only caseworkers and programme coordinators see reports."))
    if area.province_code is not None and not locations.province_name(area.province_code):
        raise AreaError(_l("Choose a province from the list."))
    if area.ward_code is not None:
        province = area.province_code or locations.province_of_ward(area.ward_code)
        if not locations.is_valid_pair(province, area.ward_code):
            raise AreaError(_l("Choose a commune of the province chosen."))


def people(actor: User, area: Area) -> Select:
    """The ids of the people the area holds that `actor` may count or export (checked first)."""
    check(actor, area)
    if actor.role == "caseworker":
        query = candidates_in_communes(actor).with_only_columns(CandidateProfile.id)
    else:
        query = select(CandidateProfile.id)
        if area.province_code is not None:
            query = query.where(CandidateProfile.province_code == area.province_code)
    if area.ward_code is not None:
        query = query.where(CandidateProfile.ward_code == area.ward_code)
    return query
