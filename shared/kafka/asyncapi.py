"""Declare every topic a service publishes on, so FastStream's AsyncAPI document has them.

The relay publishes with a raw producer (batched, idempotent), which FastStream cannot
see; these declarations are what make the generated catalogue complete.
"""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from shared.events.schemas import events_published_by, topic_schema
from shared.events.topics import physical


def declare_publications(broker: KafkaBroker, producer: str, prefix: str = "") -> None:
    """One documented publisher per topic the producer writes, with its events' schemas."""
    for topic, payload_types in events_published_by(producer).items():
        names = ", ".join(p.EVENT_TYPE for p in payload_types)
        broker.publisher(
            physical(topic, prefix),
            title=f"{topic}:Publish",
            description=f"Published by {producer} through its outbox, keyed by aggregate id: "
            f"{names}.",
            schema=topic_schema(payload_types),
        )
