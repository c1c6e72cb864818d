"""Backups and restores of the database [SECURITY 29].

SQLite: the online backup API copies a consistent snapshot while the app keeps serving.
PostgreSQL: `pg_dump -Fc` / `pg_restore --clean` (the client tools must be installed).
Files are the account's own (0600) in a 0700 folder: they hold everything the database holds.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404: pg_dump / pg_restore with an argument list, never a shell
from pathlib import Path

from sqlalchemy.engine import make_url

from . import clock


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _owner_only_file(path: Path) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)


def _folder(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def backup(database_uri: str, folder: Path) -> Path:
    """Write a timestamped backup file into `folder` and return its path."""
    url = make_url(database_uri)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    folder = _folder(Path(folder))
    if url.get_backend_name() == "sqlite":
        target = folder / f"loive-{stamp}.sqlite3"
        _owner_only_file(target)
        _sqlite_copy(_sqlite_path(url), target)
        return target
    if url.get_backend_name() == "postgresql":
        target = folder / f"loive-{stamp}.dump"
        _owner_only_file(target)
        try:
            _run("pg_dump", ["-Fc", "--no-owner", "--file", str(target)], url)
        except BackupError:
            target.unlink(missing_ok=True)  # no half-written file that looks like a backup
            raise
        return target
    raise BackupError(f"No backup method for {url.get_backend_name()} databases.")


def restore(database_uri: str, source: Path) -> None:
    """Replace the database's contents with a backup made by `backup`. Stop the app first."""
    url = make_url(database_uri)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    if url.get_backend_name() == "sqlite":
        _check_sqlite(source)
        _sqlite_copy(source, _sqlite_path(url))
        return
    if url.get_backend_name() == "postgresql":
        _run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)], url)
        return
    raise BackupError(f"No restore method for {url.get_backend_name()} databases.")


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def _check_sqlite(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}.") from error
    if ok != "ok":
        raise BackupError(f"{path} is damaged: {ok}.")


def _sqlite_copy(source: Path, target: Path) -> None:
    """The online backup API: a consistent copy even while other connections write."""
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _run(tool: str, arguments: list[str], url) -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} was not found: install the PostgreSQL client tools "
                          "(e.g. apt install postgresql-client) of the server's version.")
    environment = dict(os.environ)
    if url.password:  # never on the command line, where `ps` would show it
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    dsn = plain.render_as_string(hide_password=False)
    finished = subprocess.run([program, *arguments, "--dbname", dsn], env=environment,  # nosec B603
                              capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupError(f"{tool} failed: {finished.stderr.strip()[:2000]}")
