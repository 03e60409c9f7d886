"""The SQL unit of work: one transaction for the state change and its outbox rows."""

from __future__ import annotations

import threading

from sqlalchemy import Connection, Engine, delete, insert, select

from services.hr.adapters.repository import PostRepository
from services.hr.adapters.tables import employees, messaging
from shared.persistence.outbox import EventContext
from shared.persistence.unit_of_work import OutboxUnitOfWork


class SqlUnitOfWork(OutboxUnitOfWork):
    """HR's unit of work: the post register and employees, with the outbox."""

    tables = messaging

    def _attach(self, connection: Connection) -> None:
        self.posts = PostRepository(connection)

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
