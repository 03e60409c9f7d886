"""Counting what a service has put in its outbox for the council's business: not the
signing key and checkpoints it writes on its own (at start, on a timer, at shutdown)."""

from __future__ import annotations

import asyncio

from sqlalchemy import ColumnElement, Engine, Table, func, select

from shared.kafka.relay import CHECKPOINTS_SUFFIX
from tests.support.waiting import eventually_async


def business(outbox: Table) -> ColumnElement[bool]:
    """Rows bound for any topic but the service's `<owner>.checkpoints`."""
    return ~outbox.c.topic.endswith(CHECKPOINTS_SUFFIX)


def business_rows(engine: Engine, outbox: Table) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(outbox).where(business(outbox))
        return int(connection.scalar(query) or 0)


async def until_published(engine: Engine, outbox: Table) -> None:
    """Wait until the service's relay has sent every row of its outbox to Kafka: what a
    reader of the log (the audit replay) sees only once it is there."""

    def unsent() -> int:
        with engine.connect() as connection:
            query = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
            return int(connection.scalar(query) or 0)

    async def reading() -> int:
        return await asyncio.to_thread(unsent)

    await eventually_async(reading, lambda count: count == 0, what="the relay sent the outbox")
