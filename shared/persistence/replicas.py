"""Several replicas of one service on one database: who leads, and what must not interleave.

PostgreSQL does the arbitration, so it holds across processes and machines:

- `Leadership(engine, role)`: one replica at a time does the `role` (the outbox relay,
  the HR scheduler). The leader holds a session advisory lock on a connection of its own;
  when its process dies, PostgreSQL ends the session and frees the lock, and the next
  replica to ask takes over at once (no lease to expire).
- `batch_lock` / `resolution_lock`: a consumer's batches take a shared transaction lock,
  resolving one of its dead letters the exclusive one; batches of several replicas run
  side by side, never beside a resolution (which would park an event behind a letter
  being closed).

SQLite cannot be shared by replicas: every function here is a no-op on it, and
`SingleReplica` refuses a second process on the same SQLite file.
"""

from __future__ import annotations

import fcntl
import time
from pathlib import Path
from typing import IO

import structlog
from sqlalchemy import Connection, Engine, text

log = structlog.get_logger(__name__)
# How often a leader checks that its session (and so its lock) still lives. A leader whose
# session died unnoticed for this long only duplicates work another replica took over: the
# relay's copies are skipped by inboxes, the scheduler's commands refuse what is done.
CHECK_EVERY_S = 1.0


class SecondReplicaRefused(RuntimeError):
    """Another process of this service already uses the same SQLite file."""


def _on_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


def batch_lock(connection: Connection, consumer: str) -> None:
    """Hold, until this transaction ends, the consumer's lock shared with other batches."""
    if _on_postgres(connection):
        connection.execute(
            text("SELECT pg_advisory_xact_lock_shared(hashtextextended(:name, 0))"),
            {"name": f"consumer:{consumer}"},
        )


def resolution_lock(connection: Connection, consumer: str) -> None:
    """Hold, until this transaction ends, the consumer's lock alone: no batch runs beside."""
    one_at_a_time(connection, f"consumer:{consumer}")


def one_at_a_time(connection: Connection, name: str) -> None:
    """Wait for, then hold until this transaction ends, the lock `name` alone: the same work
    in another replica waits, then sees what this transaction did."""
    if _on_postgres(connection):
        connection.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name}
        )


class Leadership:
    """Whether this replica is the one doing `role`; ask before each round of the work."""

    def __init__(self, engine: Engine, role: str) -> None:
        self._engine = engine
        self.role = role
        self._held: Connection | None = None
        self._checked = 0.0

    @property
    def leading(self) -> bool:
        return self._held is not None or not _on_postgres(self._engine)

    def try_lead(self) -> bool:
        """True if this replica leads (it did already and its session lives, or it just took
        the lock); False while another replica does."""
        if not _on_postgres(self._engine):
            return True  # one replica on SQLite: it leads
        if self._held is not None:
            if time.monotonic() - self._checked < CHECK_EVERY_S:
                return True
            try:
                self._held.execute(text("SELECT 1"))
                self._checked = time.monotonic()
                return True
            except Exception as error:  # the session is gone, and the lock with it
                log.warning("replica.leadership_lost", role=self.role, error=str(error))
                self.abandon()
        connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        taken = connection.scalar(
            text("SELECT pg_try_advisory_lock(hashtextextended(:role, 0))"), {"role": self.role}
        )
        if not taken:
            connection.close()
            return False
        self._held, self._checked = connection, time.monotonic()
        log.info("replica.leads", role=self.role)
        return True

    def resign(self) -> None:
        """Give the role up cleanly (at shutdown): another replica may take it at once."""
        held, self._held = self._held, None
        if held is None:
            return
        try:
            held.execute(
                text("SELECT pg_advisory_unlock(hashtextextended(:role, 0))"), {"role": self.role}
            )
            held.close()
        except Exception:
            held.invalidate()

    def abandon(self) -> None:
        """Drop the session without a word, as a dying process does (its lock goes with it)."""
        held, self._held = self._held, None
        if held is not None:
            held.invalidate()


class SingleReplica:
    """On SQLite, an exclusive lock on a file beside the database for the process's life:
    a second replica on the same file is refused at start-up (the OS frees the lock when a
    process dies, so a crash leaves nothing stale)."""

    def __init__(self, engine: Engine, service: str) -> None:
        self._engine = engine
        self._service = service
        self._file: IO[str] | None = None

    def claim(self) -> None:
        database = self._engine.url.database
        if self._engine.dialect.name != "sqlite" or not database or database == ":memory:":
            return
        path = Path(database).with_name(Path(database).name + ".replica")
        handle = path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise SecondReplicaRefused(
                f"another {self._service} process is already running on {database}: SQLite "
                "serves one replica only; to run several, give them one PostgreSQL database "
                "(DATABASE_URL)"
            ) from None
        self._file = handle

    def release(self) -> None:
        handle, self._file = self._file, None
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
