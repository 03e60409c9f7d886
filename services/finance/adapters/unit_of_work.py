"""The SQL unit of work for API commands: the change and its outbox rows, committed together."""

from __future__ import annotations

from sqlalchemy import Connection

from services.finance.adapters.book import SqlBudgetBook
from services.finance.adapters.ledgers import SqlSavings
from services.finance.adapters.tables import messaging, redesign
from shared.persistence.redesign_tables import SqlProcesses
from shared.persistence.unit_of_work import OutboxUnitOfWork


class SqlUnitOfWork(OutboxUnitOfWork):
    """Finance's unit of work for API commands: the books, savings and processes."""

    tables = messaging

    def _attach(self, connection: Connection) -> None:
        self.book = SqlBudgetBook(connection)
        self.savings = SqlSavings(connection)
        self.processes = SqlProcesses(connection, redesign)
