"""Backup and restore [SECURITY 29]: a restore drill that compares the row count of every table,
on SQLite (online backup API) and, with TEST_DATABASE_URL and pg_dump installed, PostgreSQL."""
from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text

from marketplace.cli import db_backup, db_restore
from marketplace.extensions import db
from marketplace.models import AuditEvent, CandidateProfile, Referral

from .conftest import TEST_DATABASE_URL, UONG_BI


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "BACKUP_DIR": str(tmp_path / "backups")}


def _counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def _backup(app) -> Path:
    result = app.test_cli_runner().invoke(db_backup)
    assert result.exit_code == 0, result.output
    return Path(result.output.strip().rsplit(" ", 1)[-1])


def _drill(app, cast, make_candidate) -> None:
    with app.app_context():
        db.session.add(AuditEvent(action="view_candidate", subject_type="candidate", subject_id=cast.candidate))
        db.session.add(Referral(candidate_id=cast.candidate, position_id=cast.position))
        db.session.commit()
    before = _counts(app)
    assert sum(before.values()) > 10
    path = _backup(app)
    # After the backup: rows added, rows removed.
    make_candidate(UONG_BI, full_name="Người đến sau")
    with app.app_context():
        db.session.execute(delete(Referral))
        db.session.commit()
    assert _counts(app) != before
    result = app.test_cli_runner().invoke(db_restore, [str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert _counts(app) == before
    with app.app_context():  # the restored database still works, trigger included
        assert db.session.scalar(select(func.count()).select_from(CandidateProfile).where(
            CandidateProfile.full_name == "Người đến sau")) == 0
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text("DELETE FROM audit_events"))
            db.session.commit()
        db.session.rollback()


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="the SQLite drill")
def test_req_29_sqlite_restore_drill_gives_back_every_row(app, cast, make_candidate):
    _drill(app, cast, make_candidate)


@pytest.mark.skipif(not TEST_DATABASE_URL or shutil.which("pg_dump") is None,
                    reason="needs TEST_DATABASE_URL and pg_dump")
def test_req_29_postgresql_restore_drill_gives_back_every_row(app, cast, make_candidate):
    _drill(app, cast, make_candidate)


def test_req_29_backups_are_timestamped_and_readable_by_the_owner_only(app, cast):
    first, second = _backup(app), _backup(app)
    assert first != second and first.parent == second.parent == Path(app.config["BACKUP_DIR"])
    assert first.name.startswith("loive-")
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.parent.stat().st_mode) == 0o700


def test_req_29_restore_asks_first_and_does_nothing_when_refused(app, cast, make_candidate):
    path = _backup(app)
    make_candidate(UONG_BI)
    after = _counts(app)
    result = app.test_cli_runner().invoke(db_restore, [str(path)], input="n\n")
    assert result.exit_code != 0 and "Continue?" in result.output
    assert _counts(app) == after


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="a SQLite file is the wrong input")
def test_req_29_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(db_restore, [str(junk), "--yes"])
    assert result.exit_code != 0 and "not a SQLite database" in result.output


def test_req_29_postgresql_without_pg_dump_is_a_clear_error(app, monkeypatch, tmp_path):
    from marketplace import backups

    monkeypatch.setattr(backups.shutil, "which", lambda _name: None)
    with pytest.raises(backups.BackupError, match="pg_dump was not found"):
        backups.backup("postgresql+psycopg://loive@db.invalid/loive", tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []  # no empty file that looks like a backup
