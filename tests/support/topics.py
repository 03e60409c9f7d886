"""Read what is really on a topic, as an auditor would: no consumer group, from the start."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiokafka import AIOKafkaConsumer


async def read_topic(
    bootstrap: str, topic: str, *, at_least: int = 1, timeout: float = 30.0
) -> list[dict[str, Any]]:
    """All messages on the topic (until at least `at_least` arrived, or timeout), decoded.

    Each item: {"value": decoded JSON (or raw bytes), "key", "partition", "offset", "headers"}.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        consumer.subscribe([topic])  # no group: every partition, from the beginning
        messages: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=300, max_records=5000)
            for records in batch.values():
                messages.extend(_decoded(record) for record in records)
            if len(messages) >= at_least and not batch:
                break
        return messages
    finally:
        await consumer.stop()


def _decoded(record: Any) -> dict[str, Any]:
    try:
        value: Any = json.loads(record.value)
    except (TypeError, ValueError):
        value = record.value
    return {
        "value": value,
        "key": record.key.decode() if record.key else None,
        "partition": record.partition,
        "offset": record.offset,
        "headers": {k: v.decode() for k, v in record.headers},
    }


def run(coroutine: Any) -> Any:
    """Run a coroutine from synchronous test code."""
    return asyncio.run(coroutine)
