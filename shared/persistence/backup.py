"""A backup of one service's database taken while the service runs.

SQLite: the library's online backup API copies a consistent snapshot (one read transaction;
writers go on, in WAL mode they are not even blocked). PostgreSQL: `pg_dump` in its custom
format, itself a consistent snapshot, restored with `pg_restore` (docs/operations.md).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path


class BackupRefused(RuntimeError):
    """The backup cannot be taken; the message says why and what to do."""


def backup_database(url: str, target: Path) -> Path:
    """Write a backup of the database at `url` to `target` (a new file) and return it."""
    if target.exists():
        raise BackupRefused(f"{target} exists already: a backup never overwrites a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        _sqlite_backup(url, target)
    elif url.startswith("postgresql"):
        _pg_dump(url, target)
    else:
        raise BackupRefused(f"no backup method for {url.split(':', 1)[0]} databases")
    return target


def _sqlite_backup(url: str, target: Path) -> None:
    source = Path(url.split("///", 1)[-1])
    if not source.is_file():
        raise BackupRefused(f"there is no database file at {source}")
    # Read-only: a backup must never create or change the database it copies.
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)


def _pg_dump(url: str, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupRefused("pg_dump is not installed: apt-get install postgresql-client")
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    done = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", f"--file={target}", f"--dbname={plain}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupRefused(f"pg_dump failed: {done.stderr.strip()}")
