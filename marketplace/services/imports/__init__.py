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

One job a module:
- `reading`: the file into a `Table`, within the limits (`MAX_BYTES`, `MAX_ROWS`, ...);
- `columns`: the columns, their accepted headers, header matching and the template workbook;
- `people`: who each row is (citizen ID, else phone), in one query, within the importer's scope;
- `cells`: each cell's value checked and turned into what a profile holds;
- `planning`: the preview plan, row by row;
- `writing`: the pending upload, `apply`, `confirm` and the record of past imports.
Everything the rest of the app uses is importable from here.
"""
from __future__ import annotations

from .columns import BY_KEY, COLUMNS, NEEDS, REQUIRED, Column, fold, match_headers, template_workbook
from .planning import ACTIONS, Plan, RowPlan, plan
from .reading import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, MAX_UNZIPPED, ImportFileError, Table, read_table
from .writing import BATCH, PENDING_FOR, apply, confirm, find, last_imports, preview, purge_pending, start

__all__ = [
    "BY_KEY", "COLUMNS", "NEEDS", "REQUIRED", "Column", "fold", "match_headers", "template_workbook",
    "ACTIONS", "Plan", "RowPlan", "plan",
    "MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "MAX_UNZIPPED", "ImportFileError", "Table", "read_table",
    "BATCH", "PENDING_FOR", "apply", "confirm", "find", "last_imports", "preview", "purge_pending", "start",
]
