"""Importing a caseload list (XLSX or CSV) that a programme kept in Excel.

Three steps, so that nothing is written before a person has looked:
1. `read_table` reads the file safely (size, row and column limits; defusedxml under openpyxl;
   formulas kept apart from values) into a plain table;
2. `plan` matches headers, communes and existing people and validates every row with the
   caseworker's own forms and services (one rule in one place): create, update, unchanged or
   error, with the reason for each bad cell;
3. `apply` writes the plan in bulk (one query to find people, inserts and updates in batches).

`start` keeps the table server-side in a pending CaseloadImport; `confirm` re-plans it against the
database as it is now and applies it. The same file twice changes nothing: people are found by
their citizen ID, else by their phone.
"""
from __future__ import annotations

import csv
import io
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Iterator

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, or_, select, update
from werkzeug.datastructures import MultiDict

from .. import audit, clock, locations
from ..extensions import db
from ..fields import normalise_phone
from ..labels import GENDER, LEGAL_STATUS, OFFENCE_CATEGORY, SENTENCE_KIND
from ..models import CandidateProfile, CaseloadImport, User
from ..scopes import candidates_in_care
from . import casework, legal

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 40
# An XLSX is a zip: refuse one that inflates beyond this (a "zip bomb"), before openpyxl reads it.
MAX_UNZIPPED = 100 * 1024 * 1024
PENDING_FOR = timedelta(days=1)
BATCH = 1000
CITIZEN_ID = re.compile(r"^\d{12}$")


class ImportFileError(Exception):
    """The file as a whole cannot be read; `message` says why in plain words."""

    def __init__(self, message) -> None:
        self.message = message
        super().__init__("import file")


# --- the columns ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    header: str            # the template's (Vietnamese) header
    aliases: tuple[str, ...]  # other headers accepted, English among them
    example: str = ""


COLUMNS = (
    Column("full_name", "Họ và tên", ("Họ tên", "Full name", "Name"), "Nguyễn Văn An"),
    Column("birth_year", "Năm sinh", ("Birth year", "Year of birth"), "1990"),
    Column("gender", "Giới tính", ("Gender", "Sex"), "Nam"),
    Column("citizen_id", "Số CCCD", ("Số căn cước công dân", "Số căn cước", "CCCD", "Số định danh cá nhân",
                                     "Citizen ID", "Citizen ID number", "ID number"), "022090001234"),
    Column("phone", "Số điện thoại", ("Điện thoại", "SĐT", "Phone", "Phone number", "Mobile"), "0912345678"),
    Column("commune", "Xã/phường", ("Xã / phường", "Xã phường", "Xã", "Phường", "Commune", "Ward",
                                    "Commune / ward"), "Phường Uông Bí"),
    Column("province", "Tỉnh/thành phố", ("Tỉnh / thành phố", "Tỉnh", "Province", "City"), "Quảng Ninh"),
    Column("status", "Tình trạng pháp lý", ("Tình trạng", "Legal status", "Status"),
           "Đã chấp hành xong án tù"),
    Column("release_date", "Ngày ra trại", ("Ngày chấp hành xong án", "Release date", "Released on"),
           "15/03/2024"),
    Column("supervision_end", "Ngày hết thời gian thử thách/giám sát",
           ("Ngày hết giám sát", "Ngày hết thử thách", "Supervision end", "Probation end"), ""),
    Column("sentence_kind", "Loại hình phạt", ("Hình phạt", "Sentence kind", "Sentence", "Main sentence"),
           "Tù có thời hạn"),
    Column("sentence_months", "Số tháng tù", ("Số tháng", "Sentence months", "Months"), "36"),
    Column("offence_category", "Nhóm tội", ("Loại tội", "Offence category", "Offence"), "Xâm phạm sở hữu"),
    Column("skills", "Kỹ năng", ("Nghề", "Skills"), "Hàn, Lái xe"),
    Column("needs", "Nhu cầu hỗ trợ", ("Nhu cầu", "Needs", "Support needed"), "Vay vốn, Học nghề"),
)
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = ("full_name", "commune")
LEGAL_KEYS = ("status", "release_date", "supervision_end", "sentence_kind", "sentence_months",
              "offence_category")
# A form field's name -> the column it came from.
FORM_FIELD_COLUMN = {"full_name": "full_name", "birth_year": "birth_year", "gender": "gender",
                     "ward": "commune", "phone": "phone", "status": "status",
                     "offence_category": "offence_category", "sentence_kind": "sentence_kind",
                     "sentence_months": "sentence_months", "release_date": "release_date",
                     "supervision_end": "supervision_end"}
# What people write for each need (Vietnamese and English, accents optional).
NEEDS = {
    "needs_loan": ("vay vốn", "vay", "vốn", "loan"),
    "needs_training": ("học nghề", "đào tạo", "đào tạo nghề", "training", "vocational training"),
    "needs_papers": ("giấy tờ", "giấy tờ tùy thân", "papers", "documents"),
    "needs_health_insurance": ("bảo hiểm y tế", "bhyt", "health insurance"),
    "needs_housing": ("nhà ở", "chỗ ở", "ký túc xá", "housing", "dormitory"),
}


def fold(text) -> str:
    """Letters and digits only, lower case, without accents: how headers and values are compared."""
    plain = unicodedata.normalize("NFD", str(text or "").replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c)).lower()


_HEADER_KEYS = {fold(name): c.key for c in COLUMNS for name in (c.key, c.header, *c.aliases)}


# --- reading the file ----------------------------------------------------------------------------

@dataclass
class Table:
    """The file's header row and its data rows, each with its row number in the file; cells are
    text (dates as YYYY-MM-DD), formulas are listed apart by column index."""

    headers: list[str]
    rows: list[dict] = field(default_factory=list)
    empty_rows: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"headers": self.headers, "rows": self.rows, "empty_rows": self.empty_rows}

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(data["headers"], data["rows"], data["empty_rows"])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).replace("\x00", "").strip()


def _table(rows: Iterator[tuple[int, list, set[int]]]) -> Table:
    """Build the table from (row number, values, formula column indexes); the first non-empty row
    is the header row."""
    table: Table | None = None
    pending_empty: list[int] = []
    for number, values, formulas in rows:
        cells = [_text(v) for v in values[:MAX_COLUMNS]]
        if not any(cells) and not formulas:
            if table is not None:
                pending_empty.append(number)
            continue
        if table is None:
            while cells and not cells[-1]:
                cells.pop()
            table = Table(headers=cells)
            continue
        table.empty_rows += pending_empty  # only empty rows between data rows are worth a word
        pending_empty = []
        if len(table.rows) >= MAX_ROWS:
            raise ImportFileError(_l("The file has more than %(n)s rows. Split it into smaller files.",
                                     n=f"{MAX_ROWS:,}".replace(",", ".")))
        row = {"n": number, "cells": cells}
        if formulas:
            row["formulas"] = sorted(i for i in formulas if i < MAX_COLUMNS)
        table.rows.append(row)
    if table is None:
        raise ImportFileError(_l("The file is empty."))
    return table


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list, set[int]]]:
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    # openpyxl parses with defusedxml when it is installed (a dependency for this reason):
    # no external entities, no "billion laughs". Refuse to go on without it.
    if not DEFUSEDXML:
        raise RuntimeError("defusedxml is required to read Excel files safely")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED:
                raise ImportFileError(_l("The file is too large once opened. Save it again from Excel "
                                         "with only the list of people."))
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged or disguised file: openpyxl raises many kinds
        raise ImportFileError(_l("This is not an Excel file that can be read (.xlsx). Open it in Excel "
                                 "and save it again as .xlsx, or as CSV.")) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a file's own claim about its size is not trusted
        # Read with data_only=False, a formula cell's value is its text, "=...": the value Excel
        # last computed is not what the person sees or typed, so it is refused, not guessed.
        for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            formulas = {i for i, v in enumerate(row) if isinstance(v, str) and v.startswith("=")}
            yield number, [None if i in formulas else v for i, v in enumerate(row)], formulas
    except (ImportFileError, GeneratorExit):
        raise
    except Exception as exc:  # the sheet is parsed as it is read: a bad entity, a broken tag...
        raise ImportFileError(_l("This is not an Excel file that can be read (.xlsx). Open it in Excel "
                                 "and save it again as .xlsx, or as CSV.")) from exc
    finally:
        book.close()


def _decode(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else Excel's Vietnamese code page."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as exc:
        raise ImportFileError(_l("The CSV file is not in UTF-8. Save it from Excel as "
                                 "\u201cCSV UTF-8\u201d.")) from exc


def _csv_rows(data: bytes) -> Iterator[tuple[int, list, set[int]]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if any(d in first for d in ";,\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            formulas = {i for i, v in enumerate(values) if v.strip().startswith("=")}
            yield number, [None if i in formulas else v for i, v in enumerate(values)], formulas
    except csv.Error as exc:
        raise ImportFileError(_l("The CSV file could not be read: %(reason)s", reason=str(exc))) from exc


def read_table(data: bytes, file_name: str) -> Table:
    """Read an uploaded list. Raises ImportFileError with a plain reason."""
    if not data:
        raise ImportFileError(_l("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_l("The file is larger than %(n)s MB.", n=MAX_BYTES // (1024 * 1024)))
    name = (file_name or "").lower()
    if data[:4] == b"PK\x03\x04":
        return _table(_xlsx_rows(data))
    if name.endswith((".xlsx", ".xlsm", ".xls")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(_l("This is not an Excel file that can be read (.xlsx). Open it in Excel "
                                 "and save it again as .xlsx, or as CSV."))
    if b"\x00" in data[:4096]:
        raise ImportFileError(_l("Upload the list as an Excel file (.xlsx) or as CSV."))
    return _table(_csv_rows(data))


# --- matching the headers and the values ---------------------------------------------------------

def match_headers(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> column key, and the headers that were not recognised. Raises
    ImportFileError when a required column is missing or one is given twice."""
    found: dict[int, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        key = _HEADER_KEYS.get(fold(header))
        if key is None:
            if header:
                unknown.append(header)
            continue
        if key in found.values():
            raise ImportFileError(_l("The column \u201c%(name)s\u201d is there twice.", name=header))
        found[index] = key
    missing = [BY_KEY[k].header for k in REQUIRED if k not in found.values()]
    if missing:
        raise ImportFileError(_l("The file has no column \u201c%(names)s\u201d. Start from the template.",
                                 names="\u201d, \u201c".join(missing)))
    if not {"citizen_id", "phone"} & set(found.values()):
        raise ImportFileError(_l("The file needs a column \u201c%(a)s\u201d or \u201c%(b)s\u201d: it is how a "
                                 "person is found again on a later import.",
                                 a=BY_KEY["citizen_id"].header, b=BY_KEY["phone"].header))
    return found, unknown


def _choices(table: dict) -> dict[str, str]:
    """What people may write for each code: the code, and its label in Vietnamese and English."""
    found = {}
    for code, label in table.items():
        found[fold(code)] = code
        for locale in ("vi", "en"):
            with force_locale(locale):
                found[fold(str(label))] = code
    return found


@dataclass
class Vocabulary:
    gender: dict[str, str]
    status: dict[str, str]
    sentence_kind: dict[str, str]
    offence_category: dict[str, str]
    skills: dict[str, str]
    needs: dict[str, str]

    @classmethod
    def build(cls) -> Vocabulary:
        from matching.taxonomy import SKILLS

        gender = _choices(GENDER)
        gender.update({"nu": "female", "f": "female", "nam": "male", "m": "male"})
        statuses = {k: v for k, v in LEGAL_STATUS.items() if k in legal.SETTABLE_STATUSES}
        skills = {fold(code): code for code in SKILLS}
        skills.update({fold(name): code for code, pair in SKILLS.items() for name in pair})
        needs = {fold(word): key for key, words in NEEDS.items() for word in (key, *words)}
        return cls(gender, _choices(statuses), _choices(SENTENCE_KIND), _choices(OFFENCE_CATEGORY),
                   skills, needs)


def _day(text: str) -> str:
    """A date as the forms read it (YYYY-MM-DD), from how Vietnamese lists write it (dd/mm/yyyy);
    what cannot be read is passed on for the form to refuse."""
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return text


# --- the plan ------------------------------------------------------------------------------------

ACTIONS = ("create", "update", "unchanged", "error", "empty")


@dataclass
class RowPlan:
    number: int
    action: str = "create"
    name: str = ""
    # (the column's header as written in the file, the reason in plain words)
    errors: list[tuple[str, str]] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    target_id: int | None = None


@dataclass
class Plan:
    rows: list[RowPlan]
    unknown_headers: list[str]
    keys: set[str]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ACTIONS}


# Fields of a profile an import writes (the rest is the person's or the caseworker's to fill).
PROFILE_FIELDS = ("full_name", "birth_year", "gender", "citizen_id", "phone", "province_code", "ward_code",
                  "legal_status", "release_date", "supervision_end", "sentence_kind", "sentence_months",
                  "offence_category", "skills", *NEEDS, "expungement_date")


def _existing(citizen_ids: set[str], phones: set[str]) -> tuple[dict[str, dict], dict[str, list[dict]]]:
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


def _in_scope(actor: User | None, ids: set[int]) -> set[int]:
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


class _Communes:
    """Commune names to codes, preferring the communes (then the provinces) of the importer."""

    def __init__(self, actor: User | None) -> None:
        areas = actor.caseworker.areas if actor is not None and actor.caseworker else []
        self.mine = {a.ward_code for a in areas}
        self.my_provinces = {a.province_code for a in areas}
        self.cache: dict[tuple[str, str], tuple[int | None, str | None, str | None]] = {}

    def find(self, commune: str, province: str) -> tuple[int | None, str | None, str | None]:
        """(ward code, error about the commune, error about the province)."""
        key = (commune, province)
        if key not in self.cache:
            self.cache[key] = self._find(commune, province)
        return self.cache[key]

    def _find(self, commune: str, province: str):
        if "," in commune and not province:  # "Phường Uông Bí, Quảng Ninh"
            commune, province = (p.strip() for p in commune.split(",", 1))
        if commune.isdigit() and locations.province_of_ward(int(commune)) is not None:
            codes: tuple[int, ...] = (int(commune),)
        else:
            codes = locations.wards_named(commune)
        if not codes:
            return None, str(_l("No commune of this name after the July 2025 reorganisation. Write its "
                                "new name (old names are not recognised).")), None
        if province:
            wanted = locations.provinces_named(province)
            if not wanted:
                return None, None, str(_l("No province or city of this name."))
            codes = tuple(c for c in codes if locations.province_of_ward(c) in wanted)
            if not codes:
                return None, str(_l("This province has no commune of this name.")), None
        for pool in ({c for c in codes if c in self.mine},
                     {c for c in codes if locations.province_of_ward(c) in self.my_provinces},
                     set(codes)):
            if len(pool) == 1:
                return pool.pop(), None, None
        names = ", ".join(sorted({locations.province_name(locations.province_of_ward(c)) for c in codes}))
        return None, str(_l("Several communes bear this name (in %(provinces)s): add the province.",
                            provinces=names)), None


def _forms():
    """The caseworker's own "new profile" and legal forms, which hold the field rules: one of each
    for the whole file, given each row's values in turn (building a form per row would cost more
    than everything else the import does). Imported here: the forms module imports services."""
    from ..caseworker.forms import LegalForm, ProfileForm

    forms = ProfileForm(formdata=MultiDict(), meta={"csrf": False}), LegalForm(formdata=MultiDict(),
                                                                              meta={"csrf": False})
    for form in forms:
        for form_field in form:
            if getattr(form_field, "choices", None):  # the values decide; their labels need no translating
                form_field.choices = [(value, "") for value, *_label in form_field.choices]
    return forms


def _legal_input(values: dict) -> legal.LegalInput:
    return legal.LegalInput(values["legal_status"], values["offence_category"], values["sentence_kind"],
                            values["sentence_months"], values["release_date"], values["supervision_end"],
                            values.get("penalty_end"), values.get("travel_restricted", False))


def plan(actor: User | None, table: Table, progress=None) -> Plan:
    """What importing this table would do, row by row, without writing anything.

    `progress`, if given, is called with the number of rows planned since the last call."""
    columns, unknown = match_headers(table.headers)
    header_of = {key: table.headers[i] for i, key in columns.items()}
    position = {key: i for i, key in columns.items()}
    vocabulary = Vocabulary.build()
    communes = _Communes(actor)
    profile_form, legal_form = _forms()

    # First pass: the identifiers, to find everyone already known in one query.
    raw_rows = []
    for row in table.rows:
        cells = row["cells"]
        values = {key: (cells[i] if i < len(cells) else "") for i, key in columns.items()}
        formulas = {columns[i] for i in row.get("formulas", ()) if i in columns}
        raw_rows.append((row["n"], values, formulas))
    citizen_ids = {re.sub(r"[\s.]", "", v.get("citizen_id", "")) for _n, v, _f in raw_rows} - {""}
    phones = {_phone(v.get("phone", "")) for _n, v, _f in raw_rows} - {""}
    by_id, by_phone = _existing(citizen_ids, phones)
    known_ids = {p["id"] for p in by_id.values()} | {p["id"] for ps in by_phone.values() for p in ps}
    allowed = _in_scope(actor, known_ids)

    plans: list[RowPlan] = [RowPlan(number=n, action="empty") for n in table.empty_rows]
    seen_ids: dict[str, int] = {}
    # Every row a phone number is on, and the row that first named each known person.
    seen_phones: dict[str, list[int]] = {}
    for number, values, _f in raw_rows:
        if values.get("phone"):
            seen_phones.setdefault(_phone(values["phone"]), []).append(number)
    seen_people: dict[int, int] = {}
    done = 0
    for number, values, formulas in raw_rows:
        row = RowPlan(number=number, name=values.get("full_name", ""))
        plans.append(row)
        errors: dict[str, str] = {}

        def fail(key: str, message, errors=errors) -> None:
            errors.setdefault(key, str(message))

        for key in formulas:
            fail(key, _l("A formula, not a value: type the value itself (copy, then paste as values)."))
            values[key] = ""
        _check_row(row, values, errors, fail, header_of, vocabulary, communes, by_id, by_phone, allowed,
                   (seen_ids, seen_phones, seen_people), profile_form, legal_form, actor)
        row.errors = [(header_of.get(k, BY_KEY[k].header), m)
                      for k, m in sorted(errors.items(), key=lambda e: position.get(e[0], 99))]
        if row.errors:
            row.action, row.values = "error", {}
        done += 1
        if progress is not None and done % 500 == 0:
            progress(500)
    if progress is not None and done % 500:
        progress(done % 500)
    plans.sort(key=lambda r: r.number)
    return Plan(plans, unknown, set(header_of))


def _phone(text: str) -> str:
    number = normalise_phone(text)
    # Excel drops the leading 0 of a number typed into a number cell: 912345678.
    if re.fullmatch(r"[35789]\d{8}", number):
        number = "0" + number
    return number


def _check_row(row, values, errors, fail, header_of, vocabulary, communes, by_id, by_phone, allowed,
               seen, profile_form, legal_form, actor) -> None:
    number = row.number
    seen_ids, seen_phones, seen_people = seen
    citizen_id = re.sub(r"[\s.]", "", values.get("citizen_id", ""))
    phone = _phone(values["phone"]) if values.get("phone") else ""
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
        if citizen_id in seen_ids:
            fail("citizen_id", _l("The same citizen ID is on row %(n)s.", n=seen_ids[citizen_id]))
        seen_ids.setdefault(citizen_id, number)

    # Who is it: the citizen ID first, else the phone of someone recorded without one.
    existing = by_id.get(citizen_id) if citizen_id and "citizen_id" not in errors else None
    if existing is None and phone and not citizen_id:
        others = [n for n in seen_phones.get(phone, ()) if n != number]
        if others:  # found by phone alone, this row could be any of them on the next import
            fail("phone", _l("The same phone number is on row %(n)s; add the citizen ID to tell them apart.",
                             n=others[0]))
        same = by_phone.get(phone, [])
        if len(same) > 1:
            fail("phone", _l("Several people already have this phone number; add the citizen ID to tell "
                             "them apart."))
        elif same:
            existing = same[0]
    elif existing is None and phone and citizen_id:
        same = [p for p in by_phone.get(phone, []) if p["citizen_id"] is None]
        if len(same) == 1:
            existing = same[0]
    if existing is not None and existing["id"] not in allowed:
        fail("citizen_id" if citizen_id else "phone",
             _l("This person is already registered outside the communes in your care; ask the programme "
                "coordinator."))
        return
    if existing is not None and not errors:
        if existing["id"] in seen_people:
            fail("citizen_id" if citizen_id else "phone",
                 _l("This is the same person as on row %(n)s.", n=seen_people[existing["id"]]))
            return
        seen_people[existing["id"]] = number

    # The commune.
    ward_code = existing["ward_code"] if existing else None
    if values.get("commune"):
        ward_code, commune_error, province_error = communes.find(values["commune"], values.get("province", ""))
        if commune_error:
            fail("commune", commune_error)
        if province_error:
            fail("province", province_error)
    elif existing is None:
        fail("commune", _l("Enter the commune or ward."))
    if ward_code is not None and "commune" not in errors:
        try:
            casework.check_commune(actor, ward_code)
        except casework.CaseworkError:
            fail("commune", _l("This commune is not one of the communes in your care."))

    # The profile's fields, checked by the caseworker's own "new profile" form.
    merged = dict(existing or {})
    gender = values.get("gender", "")
    if gender:
        code = vocabulary.gender.get(fold(gender))
        if code is None:
            fail("gender", _not_one_of(gender, GENDER))
        merged["gender"] = code
    for key in ("full_name", "birth_year"):
        if values.get(key):
            merged[key] = values[key]
    profile_form.process(formdata=MultiDict({
        "full_name": merged.get("full_name") or "", "birth_year": _str(merged.get("birth_year")),
        "gender": merged.get("gender") or "undisclosed", "ward": str(ward_code or ""),
        "phone": phone or merged.get("phone") or "", "address_line": ""}))
    profile_form.ward.choices = [(ward_code, "")] if ward_code else []
    if not profile_form.validate():
        for name, messages in profile_form.errors.items():
            key = FORM_FIELD_COLUMN.get(name)
            if key and messages and not (key == "commune" and "commune" in errors):
                fail(key, messages[0])

    # The legal section, checked by the caseworker's legal form and then the legal service.
    legal_given = {k: values.get(k, "") for k in LEGAL_KEYS if values.get(k)}
    legal_values = {k: (existing or {}).get(k) for k in ("legal_status", "offence_category", "sentence_kind",
                                                        "sentence_months", "release_date", "supervision_end",
                                                        "penalty_end", "travel_restricted")}
    if existing and existing["legal_status"] == "expunged":
        for key in legal_given:
            fail(key, _l("This person's record is expunged: nothing about a conviction may be recorded."))
        legal_given = {}
    elif legal_given or existing is None:
        codes = {}
        for key, table in (("status", vocabulary.status), ("sentence_kind", vocabulary.sentence_kind),
                           ("offence_category", vocabulary.offence_category)):
            if key in legal_given:
                code = table.get(fold(legal_given[key]))
                if code is None:
                    labels = {"status": {k: v for k, v in LEGAL_STATUS.items() if k in legal.SETTABLE_STATUSES},
                              "sentence_kind": SENTENCE_KIND, "offence_category": OFFENCE_CATEGORY}[key]
                    fail(key, _not_one_of(legal_given[key], labels))
                codes[key] = code
        status = codes.get("status") or legal_values["legal_status"] or "released"
        form = legal_form
        form.process(formdata=MultiDict({
            "status": status,
            "offence_category": codes.get("offence_category") or legal_values["offence_category"] or "",
            "sentence_kind": codes.get("sentence_kind") or legal_values["sentence_kind"] or "",
            "sentence_months": legal_given.get("sentence_months") or _str(legal_values["sentence_months"]),
            "release_date": _day(legal_given["release_date"]) if "release_date" in legal_given
            else _str(legal_values["release_date"]),
            "supervision_end": _day(legal_given["supervision_end"]) if "supervision_end" in legal_given
            else _str(legal_values["supervision_end"]),
            "penalty_end": _str(legal_values["penalty_end"]),
            **({"travel_restricted": "y"} if legal_values["travel_restricted"] else {})}))
        if not form.validate():
            for name, messages in form.errors.items():
                key = FORM_FIELD_COLUMN.get(name)
                if key and messages:
                    fail(key, messages[0])
        elif not errors:
            legal_values.update(legal_status=form.status.data, offence_category=form.offence_category.data,
                                sentence_kind=form.sentence_kind.data, sentence_months=form.sentence_months.data,
                                release_date=form.release_date.data, supervision_end=form.supervision_end.data)
            try:
                legal.check(_legal_input(legal_values))
            except casework.CaseworkError as error:
                key = FORM_FIELD_COLUMN.get(error.field or "", "status")
                fail(key, error.message)

    skills = None
    if values.get("skills"):
        skills = []
        for word in re.split(r"[,;\n]", values["skills"]):
            if word.strip():
                code = vocabulary.skills.get(fold(word))
                if code is None:
                    fail("skills", _l("Unknown skill: \u201c%(value)s\u201d.", value=word.strip()))
                elif code not in skills:
                    skills.append(code)
    needs = None
    if values.get("needs"):
        needs = set()
        for word in re.split(r"[,;\n]", values["needs"]):
            if word.strip():
                key = vocabulary.needs.get(fold(word))
                if key is None:
                    fail("needs", _l("Unknown need: \u201c%(value)s\u201d. Write loan, training, papers, health "
                                     "insurance or housing.", value=word.strip()))
                else:
                    needs.add(key)
    if errors:
        return

    # What the person's record becomes.
    new = {
        "full_name": profile_form.full_name.data.strip(), "birth_year": profile_form.birth_year.data,
        "gender": profile_form.gender.data, "citizen_id": citizen_id or (existing or {}).get("citizen_id"),
        "phone": profile_form.phone.data or None, "ward_code": ward_code,
        "province_code": locations.province_of_ward(ward_code),
        "legal_status": legal_values["legal_status"] or "released",
        "release_date": legal_values["release_date"], "supervision_end": legal_values["supervision_end"],
        "sentence_kind": legal_values["sentence_kind"], "sentence_months": legal_values["sentence_months"],
        "offence_category": legal_values["offence_category"],
        "skills": skills if skills is not None else list((existing or {}).get("skills") or []),
    }
    for key in NEEDS:
        new[key] = (key in needs) if needs is not None else bool((existing or {}).get(key, False))
    if new["legal_status"] == "expunged":
        new["expungement_date"] = existing["expungement_date"]
    else:
        new["expungement_date"] = legal.expungement_date(
            new["sentence_kind"], new["sentence_months"],
            legal.completed_on(new["release_date"], new["supervision_end"], legal_values["penalty_end"]))
    row.name = new["full_name"]
    if existing is None:
        row.action, row.values = "create", new
    else:
        row.target_id = existing["id"]
        changed = {k: v for k, v in new.items() if existing.get(k) != v}
        row.action, row.values = ("update", changed) if changed else ("unchanged", {})


def _str(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _not_one_of(value: str, labels: dict) -> str:
    return str(_l("\u201c%(value)s\u201d is not one of: %(choices)s.", value=value,
                  choices=", ".join(str(v) for v in labels.values())))


# --- writing -------------------------------------------------------------------------------------

def apply(actor: User | None, planned: Plan, progress=None) -> dict[str, int]:
    """Write the plan's creates and updates in batches (rows with errors are left out); flush,
    never commit. Returns the counts."""
    now = clock.now()
    lead = actor.id if actor is not None and actor.role == "caseworker" else None
    creates = [{**r.values, "caseworker_id": lead, "self_registered": False, "created_at": now,
                "updated_at": now} for r in planned.rows if r.action == "create"]
    updates = [r for r in planned.rows if r.action == "update"]
    for start in range(0, len(creates), BATCH):
        db.session.execute(insert(CandidateProfile), creates[start:start + BATCH])
        if progress is not None:
            progress(len(creates[start:start + BATCH]))
    # Bulk UPDATE by primary key, grouped by the set of columns that change.
    groups: dict[tuple[str, ...], list[dict]] = {}
    for r in updates:
        groups.setdefault(tuple(sorted(r.values)), []).append({"id": r.target_id, **r.values, "updated_at": now})
    for batch in groups.values():
        for start in range(0, len(batch), BATCH):
            db.session.execute(update(CandidateProfile), batch[start:start + BATCH])
            if progress is not None:
                progress(len(batch[start:start + BATCH]))
    db.session.flush()
    return planned.counts


# --- the pending upload and its record -----------------------------------------------------------

def start(actor: User | None, file_name: str, data: bytes) -> CaseloadImport:
    """Read the file and keep it, pending, for its preview; nothing about people is written.
    Raises ImportFileError. Pending uploads older than a day are dropped on the way."""
    table = read_table(data, file_name)
    match_headers(table.headers)
    purge_pending()
    pending = CaseloadImport(token=secrets.token_urlsafe(18), user_id=actor.id if actor else None,
                             file_name=(file_name or "")[-200:], status="pending", rows=len(table.rows),
                             payload=table.to_json())
    db.session.add(pending)
    db.session.flush()
    return pending


def purge_pending(now=None) -> int:
    """Delete uploads left unconfirmed for more than a day: they hold the list's personal data."""
    return db.session.execute(delete(CaseloadImport).where(
        CaseloadImport.status == "pending",
        CaseloadImport.created_at < (now or clock.now()) - PENDING_FOR)).rowcount


def find(actor: User | None, token: str) -> CaseloadImport | None:
    """The actor's own upload with this token (pending, or done), else None: another person's
    upload, or one left pending for more than a day, is not there."""
    found = db.session.scalar(select(CaseloadImport).where(CaseloadImport.token == token))
    if found is None or found.user_id != (actor.id if actor else None):
        return None
    created = found.created_at if found.created_at.tzinfo else found.created_at.replace(tzinfo=timezone.utc)
    if found.status == "pending" and created < clock.now() - PENDING_FOR:
        return None
    return found


def preview(actor: User | None, pending: CaseloadImport, progress=None) -> Plan:
    return plan(actor, Table.from_json(pending.payload), progress)


def confirm(actor: User | None, pending: CaseloadImport, progress=None,
            planned: Plan | None = None) -> CaseloadImport | None:
    """Apply a pending upload as the database stands now (or `planned`, a plan of it just made in
    the same transaction), record it and audit it. A second press (or a second worker) finds it no
    longer pending and returns None."""
    taken = db.session.execute(
        update(CaseloadImport).where(CaseloadImport.id == pending.id, CaseloadImport.status == "pending")
        .values(status="done", finished_at=clock.now()).execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    planned = planned or plan(actor, Table.from_json(pending.payload))
    counts = apply(actor, planned, progress)
    db.session.execute(update(CaseloadImport).where(CaseloadImport.id == pending.id).values(
        created=counts["create"], updated=counts["update"], unchanged=counts["unchanged"],
        errors=counts["error"], payload=None).execution_options(synchronize_session=False))
    db.session.refresh(pending)
    categories = ["identity", "contact"] + (["conviction"] if planned.keys & set(LEGAL_KEYS) else [])
    audit.record("import_caseload", "caseload_import", pending.id, categories=categories,
                 purpose="case_management", actor=actor)
    db.session.flush()
    return pending


def last_imports(limit: int = 10) -> list[tuple[CaseloadImport, User | None]]:
    """The latest confirmed imports with who made them, newest first (the admin's overview)."""
    rows = db.session.execute(
        select(CaseloadImport, User).outerjoin(User, User.id == CaseloadImport.user_id)
        .where(CaseloadImport.status == "done").order_by(CaseloadImport.finished_at.desc(),
                                                         CaseloadImport.id.desc()).limit(limit))
    return [(i, u) for i, u in rows]


# --- the template --------------------------------------------------------------------------------

def template_workbook() -> bytes:
    """The list to fill in: Vietnamese headers on the first sheet (identity and phone columns
    kept as text, so Excel keeps their leading zeros), an example and the accepted values on a
    second sheet, so that the template imported as it is creates nobody."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 4)
        if column.key in ("citizen_id", "phone", "release_date", "supervision_end"):
            sheet.column_dimensions[cell.column_letter].number_format = "@"
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Ví dụ", "Giá trị được nhận"])
    with force_locale("vi"):
        accepted = {
            "gender": ", ".join(str(v) for v in GENDER.values()),
            "status": ", ".join(str(LEGAL_STATUS[k]) for k in legal.SETTABLE_STATUSES),
            "sentence_kind": ", ".join(str(v) for v in SENTENCE_KIND.values()),
            "offence_category": ", ".join(str(v) for v in OFFENCE_CATEGORY.values()),
            "citizen_id": "12 chữ số",
            "release_date": "ngày/tháng/năm", "supervision_end": "ngày/tháng/năm",
            "needs": "Vay vốn, Học nghề, Giấy tờ, Bảo hiểm y tế, Nhà ở",
        }
    for column in COLUMNS:
        guide.append([column.header, column.example, accepted.get(column.key, "")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
