"""The SQL unit of work: one transaction for the state change and its outbox rows.

Bulk runs put many rows in one transaction (a chunk); each row is then a SAVEPOINT holding
its change, released when the row is done and rolled back alone when it is refused. The
done rows' events go into the outbox at the end of the chunk, in the same transaction,
and so do the rows' results when the chunk belongs to a stored bulk run.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import orjson
import structlog
from sqlalchemy import Connection, Engine, RootTransaction, delete, insert, select

from services.hr.adapters.bulk_run_rows import keep_rows
from services.hr.adapters.endings import CandidateRepository, EndingRepository
from services.hr.adapters.exercises import ExerciseRepository, ScopeRepository
from services.hr.adapters.personal_data import PersonalDataStore
from services.hr.adapters.personal_keys import KeyRing, MasterKey
from services.hr.adapters.queries import has_posts
from services.hr.adapters.repository import PostRepository
from services.hr.adapters.scheduled_changes import ScheduledChangeRepository
from services.hr.adapters.sealing import Sealer
from services.hr.adapters.tables import demo_seeding, employees, messaging, redesign
from services.hr.adapters.team_heads import TeamHeadRepository
from services.hr.adapters.wave_rules import WaveRuleRepository
from services.hr.application.bulk import ChunkBroken, RowResult
from shared.persistence.outbox import EventContext, NewEvent, record_events
from shared.persistence.redesign_tables import SqlProcesses
from shared.persistence.unit_of_work import OutboxUnitOfWork

log = structlog.get_logger(__name__)


class SqlUnitOfWork(OutboxUnitOfWork):
    """HR's unit of work: the post register, employees and HR's own processes, with the outbox.

    Every event is sealed as it is emitted: its personal fields go to the outbox as
    ciphertext under the key of the person it is about (`master_key` seals those keys;
    the development one unless HR's settings name another)."""

    tables = messaging

    def __init__(
        self,
        engine: Engine,
        context: EventContext,
        simulate: bool = False,
        connection: Connection | None = None,
        master_key: MasterKey | None = None,
    ) -> None:
        super().__init__(engine, context, simulate, connection)
        self.master_key = master_key or MasterKey.development()

    def _attach(self, connection: Connection) -> None:
        self.posts = PostRepository(connection)
        self.keys = KeyRing(connection, self.master_key)
        self.personal_data = PersonalDataStore(connection, self.keys)
        self._sealer = Sealer(connection, self.keys, self.posts)
        self.exercises = ExerciseRepository(connection)
        self.scopes = ScopeRepository(connection)
        self.team_heads = TeamHeadRepository(connection)
        self.scheduled_changes = ScheduledChangeRepository(connection)
        self.waves = WaveRuleRepository(connection)
        self.processes = SqlProcesses(connection, redesign)
        self.endings = EndingRepository(connection)
        self.candidates = CandidateRepository(connection)

    def emit(self, event: NewEvent) -> None:
        super().emit(self._sealer.seal(event))

    def save_employee(self, employee_ref: str, name: str, email: str | None) -> None:
        """Record an employee's personal details (replacing older ones); they stay in HR."""
        self._connection.execute(delete(employees).where(employees.c.employee_ref == employee_ref))
        self._connection.execute(
            insert(employees).values(employee_ref=employee_ref, name=name, email=email)
        )

    def has_posts(self) -> bool:
        return has_posts(self._connection)

    def demo_stage(self, seed: int) -> str | None:
        query = select(demo_seeding.c.stage).where(demo_seeding.c.seed == seed)
        stage: str | None = self._connection.scalar(query)
        return stage

    def record_demo_stage(self, seed: int, stage: str) -> None:
        self._connection.execute(delete(demo_seeding).where(demo_seeding.c.seed == seed))
        self._connection.execute(insert(demo_seeding).values(seed=seed, stage=stage))

    def post_history(self, post_number: str) -> list[dict[str, Any]]:
        outbox = messaging.outbox
        query = (
            select(outbox.c.body).where(outbox.c.message_key == post_number).order_by(outbox.c.id)
        )
        documents = (orjson.loads(body) for body in self._connection.scalars(query))
        return [document for document in documents if document.get("aggregate_type") == "post"]

    def post_has_event(self, post_number: str, event_id: str) -> bool:
        outbox = messaging.outbox
        query = select(outbox.c.id).where(
            outbox.c.event_id == event_id, outbox.c.message_key == post_number
        )
        return self._connection.execute(query).first() is not None


class RowInChunk(SqlUnitOfWork):
    """One row of a chunk: a SAVEPOINT in the chunk's transaction.

    On a clean exit the savepoint is released and the row's events are handed to the
    chunk, which seals them into the outbox in the same transaction before it commits; on a
    refusal or error (or in a simulation) only the savepoint is rolled back, with whatever
    the row wrote. If even that fails, `ChunkBroken`: the chunk must not be committed.
    """

    def __init__(self, chunk: SqlChunk) -> None:
        super().__init__(
            chunk.connection.engine,
            chunk.context,
            chunk.simulate,
            chunk.connection,
            chunk.master_key,
        )
        self._chunk = chunk

    def __enter__(self) -> Self:
        self._connection = self._chunk.connection
        self._savepoint = self._connection.begin_nested()
        self._attach(self._connection)
        return self

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error_type is None and not self._simulate:
            try:
                self._savepoint.commit()
            except Exception:
                self._undo()
                raise
            self._chunk.events.extend(self._pending)
            return
        self._undo()

    def _undo(self) -> None:
        try:
            self._savepoint.rollback()
        except Exception as failure:
            raise ChunkBroken("a row of the chunk could not be undone on its own") from failure


class SqlChunk:
    """Rows in one transaction on one connection, each row a `RowInChunk`. At the end the
    done rows' events go into the outbox (sequence, hash chain) with one statement per
    table, and everything commits together; a simulation rolls it all back. The rows'
    results are kept with them when the chunk is part of the bulk run `run_id`."""

    def __init__(
        self,
        connection: Connection,
        context: EventContext,
        simulate: bool,
        run_id: str | None = None,
        master_key: MasterKey | None = None,
    ) -> None:
        self.connection = connection
        self.master_key = master_key
        self.context = context
        self.simulate = simulate
        self.run_id = run_id
        self.events: list[NewEvent] = []
        self.results: list[tuple[int, RowResult]] = []

    def __enter__(self) -> SqlChunk:
        self._transaction: RootTransaction = self.connection.begin()
        return self

    def __exit__(self, error_type: type[BaseException] | None, *_: object) -> None:
        try:
            if error_type is None and not self.simulate:
                now = datetime.now(UTC)
                record_events(self.connection, messaging, self.context, self.events, now)
                if self.run_id is not None:
                    keep_rows(self.connection, self.run_id, self.results)
                self._transaction.commit()
            else:
                self._transaction.rollback()
        except Exception:
            # The connection's state is unknown: drop it, the pool opens another.
            self.connection.invalidate()
            try:
                self._transaction.rollback()
            except Exception:
                log.warning("bulk.chunk_connection_dropped", exc_info=True)
            raise

    def row(self) -> RowInChunk:
        return RowInChunk(self)

    def keep(self, results: list[tuple[int, RowResult]]) -> None:
        self.results.extend(results)


class ConnectionPerThread:
    """One open connection per worker thread of a bulk run, closed together at the end.

    Reusing a connection saves a pool check-out per chunk (or per row).
    """

    def __init__(self, engine: Engine, master_key: MasterKey | None = None) -> None:
        self._engine = engine
        self._master_key = master_key
        self._local = threading.local()
        self._opened: list[Connection] = []
        self._lock = threading.Lock()

    def __enter__(self) -> ConnectionPerThread:
        return self

    def __exit__(self, *_: object) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()

    def chunk(
        self, context: EventContext, simulate: bool = False, run_id: str | None = None
    ) -> SqlChunk:
        """A chunk of rows (one transaction, a savepoint per row) on this thread's connection;
        with `run_id`, the rows' results are stored with it as that bulk run's."""
        return SqlChunk(self._connection(), context, simulate, run_id, self._master_key)

    def _connection(self) -> Connection:
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._engine.connect()
            self._local.connection = connection
            with self._lock:
                self._opened.append(connection)
        return connection
