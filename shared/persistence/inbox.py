"""The inbox: which consumed events a consumer has already applied."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, select

from shared.persistence.driver_sql import insert_rows, timestamp
from shared.persistence.tables import MessagingTables

INBOX_COLUMNS = ("consumer", "event_id", "applied_at")


def already_applied(
    connection: Connection, tables: MessagingTables, consumer: str, event_ids: Iterable[str]
) -> set[str]:
    """The subset of `event_ids` this consumer applied before."""
    wanted = list(event_ids)
    inbox = tables.inbox
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        query = select(inbox.c.event_id).where(
            inbox.c.consumer == consumer, inbox.c.event_id.in_(wanted[start : start + 500])
        )
        found.update(connection.scalars(query))
    return found


def mark_applied(
    connection: Connection,
    tables: MessagingTables,
    consumer: str,
    event_ids: Iterable[str],
    now: datetime,
) -> None:
    """Record the events as applied, in the caller's transaction (with their effect)."""
    at = timestamp(connection, now)
    rows = [(consumer, event_id, at) for event_id in event_ids]
    insert_rows(connection, tables.inbox.name, INBOX_COLUMNS, rows)
