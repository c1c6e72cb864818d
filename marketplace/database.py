"""Engine set-up that the ORM alone does not do: SQLite pragmas [SECURITY 25]; on PostgreSQL
pre-ping (marketplace/config.py), pools left behind at a fork and deadlocks retried [SECURITY 27]."""
from __future__ import annotations

import logging
import os
import random
import sqlite3
import stat
import time
import weakref
from typing import Callable, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

T = TypeVar("T")
log = logging.getLogger(__name__)

# PostgreSQL's answers that mean "your transaction lost a race, run it again": it was chosen as
# a deadlock's victim, or SERIALIZABLE / REPEATABLE READ could not order it after another one.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
ATTEMPTS = 3

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


# --- deadlocks and serialization failures ----------------------------------------------------------

def sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE of a database error (psycopg 3: `sqlstate`; psycopg2: `pgcode`), else None."""
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)


def is_retryable(error: BaseException) -> bool:
    return isinstance(error, DBAPIError) and sqlstate(error) in RETRYABLE_SQLSTATES


def commit_with_retries(work: Callable[[], T], attempts: int = ATTEMPTS, pause: float = 0.05) -> T:
    """Run `work` (a unit that flushes: a service call) and commit it, as one transaction; when
    PostgreSQL aborts it as a deadlock's victim or a serialization failure, roll back and run it
    again, at most `attempts` times in all, after a short random pause (so the two sides do not
    meet again in step). Any other database error, and the last retryable one, is raised after a
    rollback; any other exception (a refused step) passes through untouched.

    The unit must be the whole transaction: whatever the session held before it is rolled back
    with it. `work` reads what it needs afresh on each try (a rollback expires loaded rows)."""
    from .extensions import db

    for attempt in range(1, attempts + 1):
        try:
            result = work()
            db.session.commit()
            return result
        except DBAPIError as error:
            db.session.rollback()
            if not is_retryable(error) or attempt == attempts:
                raise
            log.info("transaction retried after SQLSTATE %s (attempt %d of %d)", sqlstate(error),
                     attempt, attempts)
        # Full jitter under a doubling ceiling (0–50 ms, then 0–100 ms); a pause, not a secret.
        time.sleep(random.uniform(0, pause * 2 ** (attempt - 1)))  # nosec B311
    raise ValueError("attempts must be at least 1")
