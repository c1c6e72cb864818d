"""The list's columns: their headers in the template and the other names accepted, how headers
and values are compared, which header is which column, and the template workbook itself."""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ...labels import GENDER, LEGAL_STATUS, OFFENCE_CATEGORY, SENTENCE_KIND
from .. import legal
from .reading import ImportFileError


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
