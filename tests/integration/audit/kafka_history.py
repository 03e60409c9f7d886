"""Write a history straight to the real topics, as the services' relays would."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from aiokafka import AIOKafkaProducer

from shared.events.topics import EVENT_TOPICS, physical
from shared.kafka.provisioning import ensure_topics
from shared.kafka.security import client_options
from tests.support.envelopes import to_bytes
from tests.unit.audit.scenario import Message


@dataclass(frozen=True)
class Written:
    """Where one event landed."""

    event_id: str
    topic: str
    partition: int
    offset: int


async def _write(bootstrap: str, prefix: str, messages: list[Message]) -> list[Written]:
    await ensure_topics(bootstrap, [physical(t, prefix) for t in EVENT_TOPICS], partitions=3)
    producer = AIOKafkaProducer(**client_options(bootstrap), enable_idempotence=True)
    await producer.start()
    try:
        sent = []
        for message in messages:
            stamp = datetime.fromisoformat(message.document["recorded_at"])
            sent.append(
                await producer.send(
                    physical(message.topic, prefix),
                    to_bytes(message.document),
                    key=message.key.encode(),
                    timestamp_ms=int(stamp.timestamp() * 1000),
                )
            )
        landed = await asyncio.gather(*sent)
    finally:
        await producer.stop()
    return [
        Written(str(m.document["event_id"]), meta.topic, meta.partition, meta.offset)
        for m, meta in zip(messages, landed, strict=True)
    ]


def write_history(bootstrap: str, prefix: str, messages: list[Message]) -> list[Written]:
    """Produce every message in order (keyed by post), timestamped with its recorded time."""
    return asyncio.run(_write(bootstrap, prefix, messages))
