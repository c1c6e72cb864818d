"""What importing a table would do, row by row, without writing anything: the headers matched,
the people already recorded found in one query, every row checked: create, update, unchanged or
error, with the reason for each bad cell."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ...models import User
from .cells import Communes, Vocabulary, check_row, shared_forms
from .columns import BY_KEY, match_headers
from .people import People
from .reading import Table

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


def plan(actor: User | None, table: Table, progress=None) -> Plan:
    """What importing this table would do, row by row, without writing anything.

    `progress`, if given, is called with the number of rows planned since the last call."""
    columns, unknown = match_headers(table.headers)
    header_of = {key: table.headers[i] for i, key in columns.items()}
    position = {key: i for i, key in columns.items()}
    vocabulary = Vocabulary.build()
    communes = Communes(actor)
    forms = shared_forms()

    # First pass: the identifiers, to find everyone already known in one query.
    raw_rows = []
    for row in table.rows:
        cells = row["cells"]
        values = {key: (cells[i] if i < len(cells) else "") for i, key in columns.items()}
        formulas = {columns[i] for i in row.get("formulas", ()) if i in columns}
        raw_rows.append((row["n"], values, formulas))
    people = People.find(actor, [(n, v) for n, v, _f in raw_rows])

    plans: list[RowPlan] = [RowPlan(number=n, action="empty") for n in table.empty_rows]
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
        who = people.identify(number, values, errors, fail, header_of)
        if who is not None:
            check_row(row, values, errors, fail, who, vocabulary, communes, forms, actor)
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
