"""The SQL unit of work for API commands: the change and its outbox rows, committed together."""

from __future__ import annotations

from datetime import UTC, datetime
from types import TracebackType

from sqlalchemy import Connection, Engine

from services.finance.adapters.book import SqlBudgetBook
from services.finance.adapters.ledgers import SqlProcesses, SqlSavings
from services.finance.adapters.tables import messaging
from shared.persistence.outbox import EventContext, NewEvent, record_events


class SqlUnitOfWork:
    """Use as `with SqlUnitOfWork(engine, context) as uow:`; commits on a clean exit."""

    def __init__(self, engine: Engine, context: EventContext) -> None:
        self._engine = engine
        self._context = context
        self._pending: list[NewEvent] = []

    def __enter__(self) -> SqlUnitOfWork:
        self._connection: Connection = self._engine.connect()
        self._transaction = self._connection.begin()
        self.book = SqlBudgetBook(self._connection)
        self.savings = SqlSavings(self._connection)
        self.processes = SqlProcesses(self._connection)
        return self

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if error_type is None:
                now = datetime.now(UTC)
                record_events(self._connection, messaging, self._context, self._pending, now)
                self._transaction.commit()
            else:
                self._transaction.rollback()
        finally:
            self._connection.close()

    def emit(self, event: NewEvent) -> None:
        self._pending.append(event)
