"""Record a dead letter's resolution on the log, in the transaction that resolves it.

The event goes into the resolving service's outbox (so it is published exactly as written,
after the resolution commits, never without it) on that service's interventions topic.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from shared.events.envelope import Actor
from shared.events.interventions import DeadLetterResolved, dead_letter_key
from shared.kafka.consuming import EventConsumer
from shared.persistence.outbox import EventContext, NewEvent, record_events


@dataclass(frozen=True, slots=True, kw_only=True)
class Intervention:
    """Who resolved a dead letter, why, and what came of it."""

    who: Actor
    reason: str
    corrected: bytes | None
    released: int
    redriven: bool
    event_id: str | None  # the event applied or discarded, when it could be read
    proposed_by: str | None = None  # who proposed the correction `who` approved

    @property
    def action(self) -> str:
        if not self.redriven:
            return "discarded"
        return "redriven" if self.corrected is None else "redriven_corrected"


def record_intervention(
    connection: Connection,
    consumer: EventConsumer,
    letter: Any,
    intervention: Intervention,
    now: datetime,
) -> None:
    """Seal a `DeadLetterResolved` for this letter into the consumer's service's outbox."""
    prefix = consumer.dead_letters.prefix
    producer = owner_of(consumer)
    source_topic = str(letter.source_topic).removeprefix(prefix)
    payload = DeadLetterResolved(
        consumer=consumer.name,
        source_topic=source_topic,
        source_partition=letter.source_partition,
        source_offset=letter.source_offset,
        message_key=letter.aggregate_key,
        event_id=intervention.event_id,
        code=letter.code,
        action=intervention.action,
        reason=intervention.reason,
        corrected_sha256=_sha256(intervention.corrected),
        released=intervention.released,
        proposed_by=intervention.proposed_by,
    )
    key = dead_letter_key(
        consumer.name, source_topic, letter.source_partition, letter.source_offset
    )
    context = EventContext(
        producer=producer,
        actor=intervention.who,
        correlation_id=uuid.uuid4(),
        causation_id=_uuid_or_none(letter.event_id),
        topic_prefix=prefix,
    )
    event = NewEvent(
        payload=payload,
        aggregate_id=key,
        topic=DeadLetterResolved.TOPIC_OF_PRODUCER[producer],
        occurred_at=now,
    )
    record_events(connection, consumer.tables, context, [event], now)


def owner_of(consumer: EventConsumer) -> str:
    """The service whose consumer this is (the owner of its dead-letter topic)."""
    return consumer.dead_letters.topic.removeprefix(consumer.dead_letters.prefix).split(".")[0]


def _sha256(body: bytes | None) -> str | None:
    return None if body is None else hashlib.sha256(body).hexdigest()


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
