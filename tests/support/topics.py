"""Write straight to a topic, as a relay would; read what is really on it, as an auditor
would: no consumer group, from the start."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, RecordsToDelete

from shared.kafka.security import KafkaAccess, client_options
from tests.support.waiting import eventually_async

Messages = list[dict[str, Any]]


async def read_until(
    bootstrap: KafkaAccess | str,
    topic: str,
    enough: Callable[[Messages], bool],
    timeout: float = 30.0,
) -> Messages:
    """Every message on the topic from the start, once `enough(messages)` holds; else fail
    with what the topic held.

    Each item: {"value": decoded JSON (or raw bytes), "key", "partition", "offset", "headers"}.
    """
    consumer = AIOKafkaConsumer(
        **client_options(bootstrap), enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        consumer.subscribe([topic])  # no group: every partition, from the beginning
        messages: Messages = []

        async def more() -> Messages:
            batch = await consumer.getmany(timeout_ms=200, max_records=5000)
            for records in batch.values():
                messages.extend(_decoded(record) for record in records)
            return messages

        what = f"{topic} holding what the test waits for"
        return await eventually_async(more, enough, what=what, timeout=timeout, interval=0)
    finally:
        await consumer.stop()


async def read_topic(
    bootstrap: KafkaAccess | str, topic: str, *, at_least: int = 1, timeout: float = 30.0
) -> Messages:
    """All messages on the topic once at least `at_least` arrived and it went quiet."""
    count = -1

    def settled(messages: Messages) -> bool:
        nonlocal count
        quiet, count = len(messages) == count, len(messages)
        return quiet and count >= at_least

    return await read_until(bootstrap, topic, settled, timeout)


async def write(
    bootstrap: KafkaAccess | str, messages: Iterable[tuple[str, str | None, bytes | dict[str, Any]]]
) -> None:
    """Produce (topic, key, document or raw bytes) in order; return once Kafka has them all."""
    producer = AIOKafkaProducer(**client_options(bootstrap), enable_idempotence=True)
    await producer.start()
    try:
        for topic, key, body in messages:
            value = body if isinstance(body, bytes) else json.dumps(body).encode()
            await producer.send_and_wait(topic, value, key=key.encode() if key else None)
    finally:
        await producer.stop()


async def truncate(bootstrap: KafkaAccess | str, topic: str) -> None:
    """Delete every record on the topic so far, as an operator with broker access can."""
    consumer = AIOKafkaConsumer(**client_options(bootstrap))
    admin = AIOKafkaAdminClient(**client_options(bootstrap))
    await consumer.start()
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
        partitions = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
        ends = await consumer.end_offsets(partitions)
        await admin.delete_records({tp: RecordsToDelete(end) for tp, end in ends.items()})
    finally:
        await admin.close()
        await consumer.stop()


async def delete_topics(bootstrap: KafkaAccess | str, prefix: str) -> None:
    """Best-effort removal of every topic whose name starts with the prefix."""
    admin = AIOKafkaAdminClient(**client_options(bootstrap), request_timeout_ms=10000)
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
