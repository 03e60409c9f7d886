"""Counting what a service has put in its outbox for the council's business: not the
signing key and checkpoints it writes on its own (at start, on a timer, at shutdown)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Engine, Table, func, select

from shared.kafka.relay import CHECKPOINTS_SUFFIX


def business(outbox: Table) -> ColumnElement[bool]:
    """Rows bound for any topic but the service's `<owner>.checkpoints`."""
    return ~outbox.c.topic.endswith(CHECKPOINTS_SUFFIX)


def business_rows(engine: Engine, outbox: Table) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(outbox).where(business(outbox))
        return int(connection.scalar(query) or 0)
