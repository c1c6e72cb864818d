"""Each cell's value checked and turned into what a profile holds: codes from the words people
write (Vietnamese or English, accents optional), communes from their names, and the profile's and
the legal section's rules from the caseworker's own forms and the legal service (one rule, one
place)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ... import locations
from ...labels import GENDER, LEGAL_STATUS, OFFENCE_CATEGORY, SENTENCE_KIND
from ...models import User
from .. import casework, legal
from .columns import FORM_FIELD_COLUMN, LEGAL_KEYS, NEEDS, fold


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


class Communes:
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


def shared_forms():
    """The caseworker's own "new profile" and legal forms, which hold the field rules: one of each
    for the whole file, given each row's values in turn (building a form per row would cost more
    than everything else the import does). Imported here: the forms module imports services."""
    from ...caseworker.forms import LegalForm, ProfileForm

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


def check_row(row, values, errors, fail, who, vocabulary, communes, forms, actor) -> None:
    """Check one row's cells (`who` is what `People.identify` found: the person already recorded
    or None, the citizen ID, the phone) and set the row's action and values; `fail` records each
    bad cell."""
    existing, citizen_id, phone = who
    profile_form, legal_form = forms

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
