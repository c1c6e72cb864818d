"""Tables written out as XLSX (openpyxl) or CSV, safe to open in a spreadsheet.

A cell that begins with = + - @ (or a tab or carriage return) would run as a formula in Excel or
LibreOffice: in CSV it gets a leading apostrophe, in XLSX it is stored as plain text, never as a
formula. CSV is UTF-8 with a byte-order mark so that Excel reads Vietnamese correctly.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


def csv_safe(value):
    """The value as a CSV cell: text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


def to_csv(sheet: Sheet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in sheet.header])
    writer.writerows([csv_safe(v) for v in row] for row in sheet.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(ws, value, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text begins with
    if isinstance(value, date) and not isinstance(value, datetime):
        cell.number_format = "DD/MM/YYYY"
    if bold:
        cell.font = Font(bold=True)
    return cell


def to_xlsx(sheets: list[Sheet]) -> bytes:
    """One worksheet per sheet, its header in the first row (bold, frozen)."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.title[:31])
        ws.freeze_panes = "A2"
        ws.append([_cell(ws, h, bold=True) for h in sheet.header])
        for row in sheet.rows:
            ws.append([_cell(ws, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(fmt: str, sheets: list[Sheet]) -> bytes:
    """The file in `fmt` ("xlsx" or "csv"); a CSV holds the first sheet only."""
    return to_xlsx(sheets) if fmt == "xlsx" else to_csv(sheets[0])
