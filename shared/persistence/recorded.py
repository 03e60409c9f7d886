"""A service's own record of what it published: the envelopes in its outbox (kept once
sent), on some of its topics, in the order it recorded them. Exports rebuild from it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, Table, select

BATCH = 5_000


def recorded_events(
    connection: Connection, outbox: Table, topics: Sequence[str]
) -> Iterator[dict[str, Any]]:
    """Every envelope the service recorded on these (prefixed) topics, oldest first."""
    query = (
        select(outbox.c.body)
        .where(outbox.c.topic.in_(list(topics)))
        .order_by(outbox.c.id)
        .execution_options(yield_per=BATCH)
    )
    for body in connection.scalars(query):
        document: dict[str, Any] = orjson.loads(body)
        yield document
