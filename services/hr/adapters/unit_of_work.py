"""The SQL unit of work: one transaction for the state change and its outbox rows."""

from __future__ import annotations

from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, insert

from services.hr.adapters.repository import PostRepository
from services.hr.adapters.tables import employees, messaging
from shared.persistence.outbox import EventContext, NewEvent, record_events


class SqlUnitOfWork:
    """Use as `with SqlUnitOfWork(engine, context) as uow:`; commits on a clean exit.

    With `simulate=True` everything runs (so refusals are found exactly as for real) and
    then the transaction is rolled back: nothing written, nothing published.
    """

    def __init__(self, engine: Engine, context: EventContext, simulate: bool = False) -> None:
        self._engine = engine
        self._context = context
        self._simulate = simulate
        self._pending: list[NewEvent] = []
        self.documents: list[dict[str, Any]] = []

    def __enter__(self) -> SqlUnitOfWork:
        self._connection: Connection = self._engine.connect()
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
            self._connection.close()

    def add_employee(self, employee_ref: str, name: str, email: str | None) -> None:
        self._connection.execute(
            insert(employees).values(employee_ref=employee_ref, name=name, email=email)
        )

    def emit(self, event: NewEvent) -> None:
        self._pending.append(event)

    @property
    def emitted(self) -> list[NewEvent]:
        """Events this unit of work will (or, simulated, would) publish."""
        return list(self._pending)
