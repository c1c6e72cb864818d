"""Requirement 27: PostgreSQL connections ping before use, a forked process never shares the
parent's pooled connections, and a transaction PostgreSQL aborts as a deadlock's victim or a
serialization failure is run again, a bounded number of times, and nothing else is.

The tests marked `pg` need a real server (TEST_DATABASE_URL; CI's PostgreSQL stage): a backend the
server ends, backend pids across a fork, a real deadlock, a real serialization failure. The rest
run on SQLite too."""
from __future__ import annotations

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg.errors
import pytest
from sqlalchemy import create_engine, event, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.pool import NullPool

from marketplace import clock, create_app, database
from marketplace.extensions import db
from marketplace.models import LoginCounter

from .conftest import TEST_DATABASE_URL

pg = pytest.mark.skipif(not (TEST_DATABASE_URL or "").startswith("postgresql"),
                        reason="needs PostgreSQL (TEST_DATABASE_URL): CI runs it in the PostgreSQL stage")


def _backend_pid(connection) -> int:
    return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _counter(key: str) -> LoginCounter:
    return LoginCounter(key=key, window_start=clock.now(), count=0)


# --- pre-ping --------------------------------------------------------------------------------------

def test_req_27_pre_ping_is_on_for_a_postgresql_url_set_the_production_way(tmp_path, monkeypatch):
    """DATABASE_URL, as the README's gunicorn line sets it; creating the app connects to nothing."""
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://loive@db.invalid/loive")
    app = create_app(instance_path=str(tmp_path / "instance"))
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        assert db.engine.pool._pre_ping is True
        assert db.engine.hide_parameters is True


@pg
def test_req_27_a_connection_the_server_ended_is_replaced_on_the_next_checkout(app):
    killer = create_engine(TEST_DATABASE_URL, poolclass=NullPool)
    try:
        with app.app_context():
            with db.engine.connect() as connection:
                old_pid = _backend_pid(connection)
            # Back in the pool, idle; now the server ends it (a restart, an idle timeout, a DBA).
            with killer.connect() as admin:
                assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": old_pid}).scalar()
                deadline = time.monotonic() + 10
                while admin.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                    {"pid": old_pid}).scalar() and time.monotonic() < deadline:
                    time.sleep(0.05)
            assert db.engine.pool.checkedin() == 1  # the dead connection is the one waiting
            with db.engine.connect() as connection:  # no error: the ping found it dead
                new_pid = _backend_pid(connection)
            assert new_pid != old_pid
            assert db.session.scalar(text("SELECT 1")) == 1
    finally:
        killer.dispose()


# --- fork ------------------------------------------------------------------------------------------

def _in_child(work):
    """Run `work` in a child made by os.fork (as gunicorn makes its workers); its JSON result."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 0
        try:
            os.close(read)
            try:
                answer = {"ok": work()}
            except BaseException as error:  # reported to the parent, which fails the test
                answer = {"error": repr(error)}
            os.write(write, json.dumps(answer).encode())
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        received = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0 and received, "the child died without answering"
    answer = json.loads(received)
    assert "error" not in answer, answer.get("error")
    return answer["ok"]


def test_req_27_a_forked_child_starts_with_an_empty_pool_and_connects_itself(app):
    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def mark(_dbapi_connection, record):
            record.info["pid"] = os.getpid()

        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert engine.pool.checkedin() == 1  # the parent's pooled connection

        def child():
            inherited = engine.pool.checkedin()
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
                own = connection.connection.info.get("pid") == os.getpid()
            engine.dispose()  # closes the child's own connection, nothing of the parent's
            return {"inherited": inherited, "own": own}

        assert _in_child(child) == {"inherited": 0, "own": True}
        with engine.connect() as connection:  # the parent's connection is still its own, and works
            assert connection.execute(text("SELECT 1")).scalar() == 1
            assert connection.connection.info.get("pid", os.getpid()) == os.getpid()
        assert engine.pool.checkedin() == 1


@pg
def test_req_27_after_a_fork_the_child_uses_a_new_backend_and_the_parents_still_works(app):
    with app.app_context():
        with db.engine.connect() as connection:
            parent_pid = _backend_pid(connection)

        def child():
            with db.engine.connect() as connection:
                pid = _backend_pid(connection)
            db.engine.dispose()  # closes the child's own connection, nothing of the parent's
            return pid

        assert _in_child(child) != parent_pid
        # The child neither used nor closed the parent's connection: the same server session
        # answers the parent (a close in the child would have ended it, and the ping replaced it).
        with db.engine.connect() as connection:
            assert _backend_pid(connection) == parent_pid
        assert db.session.scalar(text("SELECT pg_backend_pid()")) == parent_pid


# --- retries, the helper's rules (any database) ----------------------------------------------------

def _aborted(original: Exception) -> OperationalError:
    """The error SQLAlchemy raises when psycopg reports `original` (it carries the SQLSTATE)."""
    return OperationalError("UPDATE positions SET filled = filled + 1", None, original)


@pytest.mark.parametrize("original", [psycopg.errors.DeadlockDetected("deadlock detected"),
                                      psycopg.errors.SerializationFailure("could not serialize access")],
                         ids=["40P01", "40001"])
def test_req_27_a_deadlock_or_serialization_failure_is_rolled_back_and_run_again(app, original):
    tries = []

    def work():
        tries.append(1)
        db.session.add(_counter(f"unit:{len(tries)}"))
        db.session.flush()
        if len(tries) == 1:
            raise _aborted(original)
        return "done"

    with app.app_context():
        assert database.commit_with_retries(work) == "done"
    with app.app_context():  # the first try's row was rolled back, the second's committed
        assert list(db.session.scalars(select(LoginCounter.key))) == ["unit:2"]
    assert len(tries) == 2


def test_req_27_retries_give_up_after_three_tries_and_raise(app):
    tries = []

    def work():
        tries.append(1)
        db.session.add(_counter(f"unit:{len(tries)}"))
        db.session.flush()
        raise _aborted(psycopg.errors.SerializationFailure("could not serialize access"))

    with app.app_context():
        with pytest.raises(OperationalError) as raised:
            database.commit_with_retries(work)
        assert database.sqlstate(raised.value) == "40001"
        assert db.session.scalar(select(LoginCounter.key)) is None  # nothing of any try is kept
    assert len(tries) == database.ATTEMPTS == 3


@pytest.mark.parametrize("error", [
    _aborted(psycopg.errors.LockNotAvailable("could not obtain lock")),  # 55P03: not a lost race
    OperationalError("SELECT 1", None, Exception("database is locked")),  # no SQLSTATE (SQLite)
    ValueError("a bug"),
], ids=["55P03", "no-sqlstate", "not-a-database-error"])
def test_req_27_other_errors_are_not_retried(app, error):
    tries = []

    def work():
        tries.append(1)
        raise error

    with app.app_context():
        with pytest.raises(type(error)):
            database.commit_with_retries(work)
    assert len(tries) == 1


def test_req_27_a_real_integrity_error_is_not_retried(app):
    with app.app_context():
        db.session.add(_counter("taken"))
        db.session.commit()
    tries = []

    def work():
        tries.append(1)
        db.session.add(_counter("taken"))
        db.session.flush()

    with app.app_context():
        with pytest.raises(IntegrityError):
            database.commit_with_retries(work)
        assert db.session.scalar(select(LoginCounter.count).where(LoginCounter.key == "taken")) == 0
    assert len(tries) == 1


# --- retries against a real PostgreSQL ------------------------------------------------------------

def _two_at_once(app, work) -> list:
    """`work(side, attempt)` on two threads at once, each in its own app context (its own session
    and connection), through commit_with_retries; returns each side's number of tries."""
    tries = {0: 0, 1: 0}

    def run(side):
        with app.app_context():
            def unit():
                tries[side] += 1
                return work(side, tries[side])

            database.commit_with_retries(unit)
            return tries[side]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return sorted(pool.map(run, (0, 1)))


@pg
def test_req_27_a_real_deadlock_is_retried_and_both_transactions_land(app):
    with app.app_context():
        db.session.add_all([_counter("row:a"), _counter("row:b")])
        db.session.commit()
    gate = threading.Barrier(2, timeout=30)

    def bump(key):
        db.session.execute(update(LoginCounter).where(LoginCounter.key == key)
                           .values(count=LoginCounter.count + 1))

    def crossing(side, attempt):
        first, second = ("row:a", "row:b") if side == 0 else ("row:b", "row:a")
        bump(first)
        if attempt == 1:
            gate.wait()  # each holds its first row; the second UPDATEs cross: a deadlock
        bump(second)

    assert _two_at_once(app, crossing) == [1, 2]  # PostgreSQL aborted one; it ran again
    with app.app_context():
        counts = dict(db.session.execute(select(LoginCounter.key, LoginCounter.count)).all())
    assert counts == {"row:a": 2, "row:b": 2}


@pg
def test_req_27_a_real_serialization_failure_is_retried_and_no_update_is_lost(app):
    with app.app_context():
        db.session.add(_counter("row:x"))
        db.session.commit()
    gate = threading.Barrier(2, timeout=30)

    def read_then_write(_side, attempt):
        db.session.connection(execution_options={"isolation_level": "SERIALIZABLE"})
        seen = db.session.scalar(select(LoginCounter.count).where(LoginCounter.key == "row:x"))
        if attempt == 1:
            gate.wait()  # both have read 0; both write 1: one must lose
        db.session.execute(update(LoginCounter).where(LoginCounter.key == "row:x").values(count=seen + 1))

    assert _two_at_once(app, read_then_write) == [1, 2]
    with app.app_context():
        assert db.session.scalar(select(LoginCounter.count).where(LoginCounter.key == "row:x")) == 2
