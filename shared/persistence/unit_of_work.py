"""The unit of work every service's commands run in: the change and its events, one commit.

A service subclasses it and attaches its repositories in `_attach`. Handlers `emit`
events; on a clean exit they are sealed into the outbox (sequence, hash chain) in the same
transaction as the change, and committed. Any error rolls everything back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Engine

from shared.persistence.outbox import EventContext, NewEvent, record_events
from shared.persistence.tables import MessagingTables


class OutboxUnitOfWork:
    """Use as `with UnitOfWork(engine, context) as uow:`; commits on a clean exit.

    With `simulate=True` everything runs (so refusals are found exactly as for real) and
    then the transaction is rolled back: nothing written, nothing published. Pass an open
    `connection` to run many units of work on one connection: each is its own transaction.
    """

    tables: MessagingTables  # the service's messaging tables, set by the subclass

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

    def __enter__(self) -> Self:
        self._connection: Connection = self._given or self._engine.connect()
        self._transaction = self._connection.begin()
        self._attach(self._connection)
        return self

    def _attach(self, connection: Connection) -> None:
        """Give the unit of work its repositories on this connection."""

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if error_type is None and not self._simulate:
                now = datetime.now(UTC)
                self.documents = record_events(
                    self._connection, self.tables, self._context, self._pending, now
                )
                self._transaction.commit()
            else:
                self._transaction.rollback()
        finally:
            if self._given is None:
                self._connection.close()

    def emit(self, event: NewEvent) -> None:
        """Publish this event if (and only if) the unit of work commits."""
        self._pending.append(event)
