"""Read what is really on a topic, as an auditor would: no consumer group, from the start."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient


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


async def delete_topics(bootstrap: str, prefix: str) -> None:
    """Best-effort removal of every topic whose name starts with the prefix."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    try:
        await admin.start()
        doomed = [name for name in await admin.list_topics() if name.startswith(prefix)]
        if doomed:
            await admin.delete_topics(doomed)
    except Exception:  # a test that stopped the broker, or one that is already gone
        pass
    finally:
        await admin.close()


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
