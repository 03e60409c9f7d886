"""SQLAlchemy engines for SQLite (zero set-up default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text

T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """An engine whose transactions are safe for concurrent writers on either database."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_engine(url: str) -> Engine:
    database = url.split("///", 1)[-1]
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    turns = _WriteTurns(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue instead of one
        # failing halfway when it tries to upgrade a read lock. Writers of this process
        # queue on an in-process lock first: woken the moment the last one commits,
        # instead of sleeping in SQLite's busy handler (1-100 ms between retries).
        turns.take(connection.connection)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            turns.give_back(connection.connection)
            raise

    return engine


class _WriteTurns:
    """One SQLite transaction at a time per engine (per process), handed over on commit or
    rollback. Re-entrant per DBAPI connection; a writer that waits too long (30 s, SQLite's
    own busy timeout) goes on without its turn and SQLite's lock decides, as before."""

    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        self._holder: int | None = None
        dialect = engine.dialect
        commit, rollback = dialect.do_commit, dialect.do_rollback

        def do_commit(dbapi_connection: Any) -> None:
            try:
                commit(dbapi_connection)
            finally:
                self.give_back(dbapi_connection)

        def do_rollback(dbapi_connection: Any) -> None:
            try:
                rollback(dbapi_connection)
            finally:
                self.give_back(dbapi_connection)

        dialect.do_commit = do_commit  # type: ignore[method-assign]
        dialect.do_rollback = do_rollback  # type: ignore[method-assign]

        event.listen(engine, "checkin", lambda raw, _record: self.give_back(raw))
        event.listen(engine, "invalidate", lambda raw, _record, _error: self.give_back(raw))

    def take(self, connection: Any) -> None:
        holder = id(_raw(connection))
        if self._holder == holder:
            return
        if self._lock.acquire(timeout=30):
            self._holder = holder

    def give_back(self, connection: Any) -> None:
        if connection is not None and self._holder == id(_raw(connection)):
            self._holder = None
            self._lock.release()


def _raw(connection: Any) -> Any:
    # SQLAlchemy hands the dialect its pool's proxy; events hand the DBAPI connection.
    return getattr(connection, "dbapi_connection", connection)


def database_is_reachable(engine: Engine) -> bool:
    """True when a trivial query succeeds; used by health endpoints."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


async def run_read(engine: Engine, query: Callable[[Connection], T]) -> T:
    """Run a read on one connection in a worker thread (the database drivers block)."""

    def run() -> T:
        with engine.connect() as connection:
            return query(connection)

    return await asyncio.to_thread(run)


async def run_change(engine: Engine, change: Callable[[Connection], T]) -> T:
    """Run a change in one transaction in a worker thread; it commits if `change` returns."""

    def run() -> T:
        with engine.begin() as connection:
            return change(connection)

    return await asyncio.to_thread(run)
