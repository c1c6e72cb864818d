"""Who each row is: people are found again by their citizen ID, else by the phone of someone
recorded without one, in one query for the whole file; a caseworker may change only the people in
their care, and a file may name a person once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ...extensions import db
from ...fields import normalise_phone
from ...models import CandidateProfile, User
from ...scopes import candidates_in_care
from .columns import NEEDS

CITIZEN_ID = re.compile(r"^\d{12}$")
# Fields of a profile an import writes (the rest is the person's or the caseworker's to fill).
PROFILE_FIELDS = ("full_name", "birth_year", "gender", "citizen_id", "phone", "province_code", "ward_code",
                  "legal_status", "release_date", "supervision_end", "sentence_kind", "sentence_months",
                  "offence_category", "skills", *NEEDS, "expungement_date")


def citizen_id_of(text: str) -> str:
    """A citizen ID as written in a list, without the spaces and dots people group digits with."""
    return re.sub(r"[\s.]", "", text)


def phone_of(text: str) -> str:
    number = normalise_phone(text)
    # Excel drops the leading 0 of a number typed into a number cell: 912345678.
    if re.fullmatch(r"[35789]\d{8}", number):
        number = "0" + number
    return number


def existing(citizen_ids: set[str], phones: set[str]) -> tuple[dict[str, dict], dict[str, list[dict]]]:
    """The people these ids and phones name, in one query: by citizen ID, and by phone."""
    by_id: dict[str, dict] = {}
    by_phone: dict[str, list[dict]] = {}
    if not citizen_ids and not phones:
        return by_id, by_phone
    columns = [CandidateProfile.id, CandidateProfile.penalty_end, CandidateProfile.travel_restricted,
               *(getattr(CandidateProfile, f) for f in PROFILE_FIELDS)]
    conditions = []
    ids, numbers = sorted(citizen_ids), sorted(phones)
    # Chunks keep each IN list well under what SQLite and PostgreSQL accept.
    for start in range(0, max(len(ids), len(numbers)), 5000):
        part = []
        if ids[start:start + 5000]:
            part.append(CandidateProfile.citizen_id.in_(ids[start:start + 5000]))
        if numbers[start:start + 5000]:
            part.append(CandidateProfile.phone.in_(numbers[start:start + 5000]))
        conditions.append(or_(*part))
    for condition in conditions:
        for row in db.session.execute(select(*columns).where(condition)).mappings():
            person = dict(row)
            if person["citizen_id"]:
                by_id[person["citizen_id"]] = person
            if person["phone"]:
                by_phone.setdefault(person["phone"], [])
                if all(p["id"] != person["id"] for p in by_phone[person["phone"]]):
                    by_phone[person["phone"]].append(person)
    return by_id, by_phone


def in_scope(actor: User | None, ids: set[int]) -> set[int]:
    """Which of these people the actor may change: a caseworker those in their care."""
    if actor is None or actor.role == "admin" or not ids:
        return set(ids)
    allowed: set[int] = set()
    listed = sorted(ids)
    for start in range(0, len(listed), 5000):
        query = candidates_in_care(actor).with_only_columns(CandidateProfile.id).where(
            CandidateProfile.id.in_(listed[start:start + 5000]))
        allowed |= set(db.session.scalars(query))
    return allowed


@dataclass
class People:
    """The people a file names who are already recorded, which of them the importer may change,
    and what the rows read so far have claimed."""

    by_id: dict[str, dict]
    by_phone: dict[str, list[dict]]
    allowed: set[int]
    phone_rows: dict[str, list[int]]  # every row a phone number is on
    id_rows: dict[str, int] = field(default_factory=dict)  # the row that first gave each citizen ID
    person_rows: dict[int, int] = field(default_factory=dict)  # the row that first named each known person

    @classmethod
    def find(cls, actor: User | None, rows: list[tuple[int, dict]]) -> People:
        """From the rows' (number, values by column key), with one query for the people and one
        for the importer's scope."""
        citizen_ids = {citizen_id_of(v.get("citizen_id", "")) for _n, v in rows} - {""}
        phones = {phone_of(v.get("phone", "")) for _n, v in rows} - {""}
        by_id, by_phone = existing(citizen_ids, phones)
        known_ids = {p["id"] for p in by_id.values()} | {p["id"] for ps in by_phone.values() for p in ps}
        allowed = in_scope(actor, known_ids)
        phone_rows: dict[str, list[int]] = {}
        for number, values in rows:
            if values.get("phone"):
                phone_rows.setdefault(phone_of(values["phone"]), []).append(number)
        return cls(by_id, by_phone, allowed, phone_rows)

    def identify(self, number: int, values: dict, errors: dict, fail,
                 header_of: dict) -> tuple[dict | None, str, str] | None:
        """(the person already recorded or None, the row's citizen ID, its phone), with `fail`
        called for each identity problem; None when the row can go no further."""
        citizen_id = citizen_id_of(values.get("citizen_id", ""))
        phone = phone_of(values["phone"]) if values.get("phone") else ""
        if citizen_id and not CITIZEN_ID.match(citizen_id):
            if citizen_id.isdigit():
                fail("citizen_id", _l("A citizen ID number has 12 digits; this one has %(n)s. If it began with "
                                      "0, format the column as text so that Excel keeps the zero.",
                                      n=len(citizen_id)))
            else:
                fail("citizen_id", _l("A citizen ID number is 12 digits, nothing else."))
        if not citizen_id and not phone and "citizen_id" not in errors and "phone" not in errors:
            fail("citizen_id" if "citizen_id" in header_of else "phone",
                 _l("Enter the citizen ID or the phone number: without one, the person cannot be found "
                    "again on a later import."))
        if citizen_id and "citizen_id" not in errors:
            if citizen_id in self.id_rows:
                fail("citizen_id", _l("The same citizen ID is on row %(n)s.", n=self.id_rows[citizen_id]))
            self.id_rows.setdefault(citizen_id, number)

        # Who is it: the citizen ID first, else the phone of someone recorded without one.
        found = self.by_id.get(citizen_id) if citizen_id and "citizen_id" not in errors else None
        if found is None and phone and not citizen_id:
            others = [n for n in self.phone_rows.get(phone, ()) if n != number]
            if others:  # found by phone alone, this row could be any of them on the next import
                fail("phone", _l("The same phone number is on row %(n)s; add the citizen ID to tell them apart.",
                                 n=others[0]))
            same = self.by_phone.get(phone, [])
            if len(same) > 1:
                fail("phone", _l("Several people already have this phone number; add the citizen ID to tell "
                                 "them apart."))
            elif same:
                found = same[0]
        elif found is None and phone and citizen_id:
            same = [p for p in self.by_phone.get(phone, []) if p["citizen_id"] is None]
            if len(same) == 1:
                found = same[0]
        if found is not None and found["id"] not in self.allowed:
            fail("citizen_id" if citizen_id else "phone",
                 _l("This person is already registered outside the communes in your care; ask the programme "
                    "coordinator."))
            return None
        if found is not None and not errors:
            if found["id"] in self.person_rows:
                fail("citizen_id" if citizen_id else "phone",
                     _l("This is the same person as on row %(n)s.", n=self.person_rows[found["id"]]))
                return None
            self.person_rows[found["id"]] = number
        return found, citizen_id, phone
