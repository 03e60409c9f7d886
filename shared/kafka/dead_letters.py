"""Set aside a message that cannot be applied: to the consumer's dead-letter topic, with why.

The original bytes are kept unchanged; headers carry the reason and where it came from, so
an operator can re-drive or discard it on purpose. A message is never silently dropped.
"""

from __future__ import annotations

from typing import Any

import structlog
from faststream.kafka import KafkaBroker

from shared.events.topics import physical

log = structlog.get_logger(__name__)


class DeadLetters:
    """Publishes unreadable or unappliable messages to one dead-letter topic."""

    def __init__(self, broker: KafkaBroker, logical_topic: str, prefix: str, consumer: str):
        self.topic = physical(logical_topic, prefix)
        self.prefix = prefix  # the deployment's topic prefix: consumers read logical names
        self._consumer = consumer
        self._publisher = broker.publisher(
            self.topic,
            title=f"{self.topic}:DeadLetter",
            description="Messages this service could not apply, with the reason in headers.",
        )

    async def send(self, record: Any, code: str, reason: str, consumer: str | None = None) -> None:
        """Publish the record's original bytes with the reason; wait until Kafka has it.

        `consumer` names the consumer that set it aside (as its resolution will name it on
        the interventions topic, so the audit can pair them); the service's name if not given.
        """
        headers = {
            "x-dead-letter-code": code,
            "x-dead-letter-reason": reason[:1000],
            "x-source-topic": str(record.topic),
            "x-source-partition": str(record.partition),
            "x-source-offset": str(record.offset),
            "x-consumer": consumer or self._consumer,
        }
        await self._publisher.publish(record.value or b"", key=record.key, headers=headers)
        log.warning(
            "event.dead_lettered",
            code=code,
            reason=reason,
            source_topic=record.topic,
            source_partition=record.partition,
            source_offset=record.offset,
        )
