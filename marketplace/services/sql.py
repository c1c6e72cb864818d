"""SQL pieces the services share across SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import Interval, Table, func, literal_column
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db


def insert_unless_exists(table: Table, **values):
    """An INSERT that does nothing when a unique key already holds the row: a double tap or two
    requests at once make one row and never raise. Add `.returning(...)` when the id is needed."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    return insert(table).values(**values).on_conflict_do_nothing()


def year_month(column, hours: int = 0):
    """'YYYY-MM' of a date or timestamp column, `hours` later (a UTC time read in Việt Nam is
    7 hours later), for grouping by month on SQLite and PostgreSQL alike."""
    if db.engine.dialect.name == "postgresql":
        shifted = column + literal_column(f"interval '{int(hours)} hours'", Interval) if hours else column
        return func.to_char(shifted, "YYYY-MM")
    if hours:
        return func.strftime("%Y-%m", column, f"{int(hours):+d} hours")
    return func.strftime("%Y-%m", column)
