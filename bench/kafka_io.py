"""Kafka plumbing for benchmarks: fill a topic fast, and the two raw baselines."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.events.catalogue import read_event
from shared.kafka.provisioning import ensure_topics


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
    await ensure_topics(bootstrap, [topic], partitions)
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        linger_ms=20,
        max_batch_size=512 * 1024,
        enable_idempotence=True,
    )
    await producer.start()
    count = 0
    try:
        pending = []
        for key, value in messages:
            pending.append(await producer.send(topic, value, key=key))
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


async def raw_read(bootstrap: str, topic: str, expected: int, validate: bool) -> Rate:
    """Baseline: read every message (and, if asked, parse + validate it) as fast as aiokafka can."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=8 * 1024 * 1024,
        fetch_max_bytes=64 * 1024 * 1024,
    )
    await consumer.start()
    try:
        seen, started = 0, 0.0
        while seen < expected:
            batch = await consumer.getmany(timeout_ms=1000, max_records=10_000)
            if not started and batch:
                started = time.perf_counter()
            for records in batch.values():
                if validate:
                    for record in records:
                        read_event(record.value)
                seen += len(records)
        return Rate(seen, time.perf_counter() - started)
    finally:
        await consumer.stop()
