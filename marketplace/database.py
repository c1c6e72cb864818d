"""Engine set-up that the ORM alone does not do: SQLite pragmas [SECURITY 25]; on PostgreSQL
pre-ping (marketplace/config.py) and pools left behind at a fork [SECURITY 27]."""
from __future__ import annotations

import os
import sqlite3
import stat
import weakref

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


# --- a fork leaves the pool behind ----------------------------------------------------------------

_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def init_app(app) -> None:
    """A process forked from this one (gunicorn --preload, multiprocessing) starts with empty pools.

    The pooled connections are the parent's sockets: a child that used one would interleave its
    queries with the parent's on the same server session. SQLAlchemy's way ("Using Connection
    Pools with Multiprocessing or os.fork()"): in the child, `engine.dispose(close=False)` — a new,
    empty pool, the parent's connections neither used nor closed (closing would end the parent's
    server sessions too)."""
    from .extensions import db

    with app.app_context():
        _engines.update(db.engines.values())
    _register_fork_hook()


_hooked = False


def _register_fork_hook() -> None:
    global _hooked
    if not _hooked and hasattr(os, "register_at_fork"):
        # Once per process, over a weak set: every app made here (tests make hundreds) is covered
        # by one hook, and an app that is gone is not kept alive by it.
        os.register_at_fork(after_in_child=_leave_pools_to_the_parent)
        _hooked = True


def _leave_pools_to_the_parent() -> None:
    for engine in list(_engines):
        engine.dispose(close=False)
