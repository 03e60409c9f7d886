"""Read a topic until what the test waits for is there (or give up after a while)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer

from tests.support.topics import _decoded

Messages = list[dict[str, Any]]


async def read_until(
    bootstrap: str, topic: str, enough: Callable[[Messages], bool], timeout: float = 30.0
) -> Messages:
    """Every message on the topic from the start, once `enough(messages)` holds."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        consumer.subscribe([topic])
        messages: Messages = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200, max_records=5000)
            for records in batch.values():
                messages.extend(_decoded(record) for record in records)
            if enough(messages):
                return messages
        raise AssertionError(f"{topic} never held what was expected; it held {messages}")
    finally:
        await consumer.stop()


async def events_of(bootstrap: str, topic: str, key: str, count: int) -> Messages:
    """The first `count` messages with this key, once there are that many."""
    messages = await read_until(
        bootstrap, topic, lambda ms: sum(m["key"] == key for m in ms) >= count
    )
    return [m for m in messages if m["key"] == key]


def types(messages: Messages) -> list[str]:
    return [m["value"]["event_type"] for m in messages]
