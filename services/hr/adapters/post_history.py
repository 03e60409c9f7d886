"""HR's post history: the events HR recorded about posts, read back from its outbox in the
order they were recorded (the outbox keeps every event once sent; it is HR's journal)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy import Connection, select

from services.hr.adapters.tables import messaging
from shared.events import topics

BATCH = 5_000


def post_history(
    connection: Connection, topic_prefix: str, post_number: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every event HR recorded on its post topic (of one post, if named), as envelope
    documents, oldest first."""
    outbox = messaging.outbox
    query = (
        select(outbox.c.body)
        .where(outbox.c.topic == topic_prefix + topics.HR_POSTS)
        .order_by(outbox.c.id)
        .execution_options(yield_per=BATCH)
    )
    if post_number is not None:
        query = query.where(outbox.c.message_key == post_number)
    for body in connection.scalars(query):
        document: dict[str, Any] = orjson.loads(body)
        yield document
