"""Kafka plumbing for benchmarks: fill a topic fast, and the two raw baselines."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.events.catalogue import CATALOGUE, read_event
from shared.events.envelope import Envelope
from shared.kafka.provisioning import ensure_topics
from shared.kafka.security import client_options

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True)
class Rate:
    """How many events in how many seconds."""

    events: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


async def fill_topic(
    bootstrap: str, topic: str, messages: Iterable[tuple[bytes, bytes]], partitions: int = 6
) -> int:
    """Create the topic and write the messages; return how many."""
    routed = ((topic, key, value) for key, value in messages)
    return await fill_topics(bootstrap, [topic], routed, partitions)


async def fill_topics(
    bootstrap: str,
    topics: list[str],
    messages: Iterable[tuple[str, bytes, bytes] | tuple[str, bytes, bytes, Headers]],
    partitions: int = 6,
) -> int:
    """Create the topics and write (topic, key, value[, headers]) messages fast; return how
    many."""
    await ensure_topics(bootstrap, topics, partitions)
    producer = AIOKafkaProducer(
        **client_options(bootstrap),
        linger_ms=20,
        max_batch_size=512 * 1024,
        enable_idempotence=True,
    )
    await producer.start()
    count = 0
    try:
        pending = []
        for topic, key, value, *headers in messages:
            sent = await producer.send(
                topic, value, key=key, headers=headers[0] if headers else None
            )
            pending.append(sent)
            count += 1
            if len(pending) >= 5000:
                for delivery in pending:
                    await delivery
                pending.clear()
        for delivery in pending:
            await delivery
    finally:
        await producer.stop()
    return count


def plain_validate(value: bytes | None) -> object:
    """The least any correct consumer does, with pydantic and nothing of ours: validate the
    envelope from the bytes, then its payload against the event's model."""
    envelope = Envelope.model_validate_json(value or b"")
    return CATALOGUE[envelope.event_type].model_validate(envelope.payload)


VALIDATORS: dict[str, Callable[[bytes | None], object]] = {
    "pydantic": plain_validate,  # the "read + validate" baseline
    "catalogue": read_event,  # what every consumer here calls (dead-letter codes, upcasts)
}


async def raw_read(bootstrap: str, topic: str, expected: int, validate: str | None = None) -> Rate:
    """Baseline: read every message (and, if asked, validate it) as fast as aiokafka can."""
    consumer = AIOKafkaConsumer(
        topic,
        **client_options(bootstrap),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=8 * 1024 * 1024,
        fetch_max_bytes=64 * 1024 * 1024,
    )
    check = VALIDATORS[validate] if validate else None
    await consumer.start()
    try:
        seen, started = 0, 0.0
        while seen < expected:
            batch = await consumer.getmany(timeout_ms=1000, max_records=10_000)
            if not started and batch:
                started = time.perf_counter()
            for records in batch.values():
                if check is not None:
                    for record in records:
                        check(record.value)
                seen += len(records)
        return Rate(seen, time.perf_counter() - started)
    finally:
        await consumer.stop()
