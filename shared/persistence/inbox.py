"""The inbox: which consumed events a consumer has already applied."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection

from shared.persistence.driver_sql import insert_rows, matching, timestamp
from shared.persistence.tables import MessagingTables

INBOX_COLUMNS = ("consumer", "event_id", "applied_at")


def already_applied(
    connection: Connection, tables: MessagingTables, consumer: str, event_ids: Iterable[str]
) -> set[str]:
    """The subset of `event_ids` this consumer applied before."""
    wanted = list(event_ids)
    return matching(connection, tables.inbox.name, "event_id", wanted, ("consumer", consumer))


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
