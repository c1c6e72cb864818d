"""Reading an uploaded list safely into a plain table: size, row and column limits, defusedxml
under openpyxl, a zip that inflates too far refused, formulas kept apart from values."""
from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterator

from flask_babel import lazy_gettext as _l

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 40
# An XLSX is a zip: refuse one that inflates beyond this (a "zip bomb"), before openpyxl reads it.
MAX_UNZIPPED = 100 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read; `message` says why in plain words."""

    def __init__(self, message) -> None:
        self.message = message
        super().__init__("import file")


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
