"""The SQL unit of work: one transaction for the state change and its outbox rows."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from services.hr.adapters.repository import PostRepository
from services.hr.adapters.tables import employees, messaging
from shared.persistence.outbox import EventContext, NewEvent, record_events


class SqlUnitOfWork:
    """Use as `with SqlUnitOfWork(engine, context) as uow:`; commits on a clean exit.

    With `simulate=True` everything runs (so refusals are found exactly as for real) and
    then the transaction is rolled back: nothing written, nothing published. Pass an open
    `connection` to run many units of work on one connection (a bulk run): each is still
    its own transaction.
    """

    def __init__(
        self,
        engine: Engine,
        context: EventContext,
        simulate: bool = False,
        connection: Connection | None = None,
    ) -> None:
        self._engine = engine
        self._context = context
        self._simulate = simulate
        self._given = connection
        self._pending: list[NewEvent] = []
        self.documents: list[dict[str, Any]] = []

    def __enter__(self) -> SqlUnitOfWork:
        self._connection: Connection = self._given or self._engine.connect()
        self._transaction = self._connection.begin()
        self.posts = PostRepository(self._connection)
        return self

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if error_type is None and not self._simulate:
                self.documents = record_events(
                    self._connection,
                    messaging,
                    self._context,
                    self._pending,
                    datetime.now(UTC),
                )
                self._transaction.commit()
            else:
                self._transaction.rollback()
        finally:
            if self._given is None:
                self._connection.close()

    def save_employee(self, employee_ref: str, name: str, email: str | None) -> None:
        """Record an employee's personal details (replacing older ones); they stay in HR."""
        self._connection.execute(delete(employees).where(employees.c.employee_ref == employee_ref))
        self._connection.execute(
            insert(employees).values(employee_ref=employee_ref, name=name, email=email)
        )

    def post_has_event(self, post_number: str, event_id: str) -> bool:
        outbox = messaging.outbox
        query = select(outbox.c.id).where(
            outbox.c.event_id == event_id, outbox.c.message_key == post_number
        )
        return self._connection.execute(query).first() is not None

    def emit(self, event: NewEvent) -> None:
        self._pending.append(event)

    @property
    def emitted(self) -> list[NewEvent]:
        """Events this unit of work will (or, simulated, would) publish."""
        return list(self._pending)


class ConnectionPerThread:
    """One open connection per worker thread of a bulk run, closed together at the end.

    Reusing a connection saves a pool check-out per row; each row still runs in its own
    transaction on it.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
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

    def unit_of_work(self, context: EventContext, simulate: bool = False) -> SqlUnitOfWork:
        """A unit of work on this thread's connection."""
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._engine.connect()
            self._local.connection = connection
            with self._lock:
                self._opened.append(connection)
        return SqlUnitOfWork(self._engine, context, simulate, connection)
