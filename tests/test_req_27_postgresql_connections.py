"""Requirement 27: PostgreSQL connections ping before use, and a forked process never shares the
parent's pooled connections.

The tests marked `pg` need a real server (TEST_DATABASE_URL; CI's PostgreSQL stage): a backend the
server ends, backend pids across a fork. The rest run on SQLite too."""
from __future__ import annotations

import json
import os
import time

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from marketplace import create_app
from marketplace.extensions import db

from .conftest import TEST_DATABASE_URL

pg = pytest.mark.skipif(not (TEST_DATABASE_URL or "").startswith("postgresql"),
                        reason="needs PostgreSQL (TEST_DATABASE_URL): CI runs it in the PostgreSQL stage")


def _backend_pid(connection) -> int:
    return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


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
