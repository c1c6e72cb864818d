"""Engine set-up that the ORM alone does not do: SQLite pragmas [SECURITY 25]."""
from __future__ import annotations

import os
import sqlite3
import stat

from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA synchronous=NORMAL",
)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    _owner_only(dbapi_connection)
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        if "journal_mode" in pragma and _in_memory(dbapi_connection):
            continue
        cursor.execute(pragma)
    cursor.close()


def _in_memory(connection: sqlite3.Connection) -> bool:
    row = connection.execute("PRAGMA database_list").fetchone()
    return not row or not row[2]


def _owner_only(connection: sqlite3.Connection) -> None:
    """The database file (and its WAL companions) readable by the app's account only."""
    row = connection.execute("PRAGMA database_list").fetchone()
    path = row[2] if row else ""
    for name in (path, f"{path}-wal", f"{path}-shm") if path else ():
        if os.path.exists(name) and stat.S_IMODE(os.stat(name).st_mode) & 0o077:
            os.chmod(name, 0o600)


def commit_before_render() -> None:
    """Commit what a page wrote (an audit event, the exposure log) before it renders, keeping the
    rows already loaded as they are. After a plain commit every loaded row is expired, and the
    template then reloads each one with its own SELECT as it reads it (25 on a caseload page):
    the query-count tests in tests/test_query_counts.py pin this."""
    from .extensions import db

    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
