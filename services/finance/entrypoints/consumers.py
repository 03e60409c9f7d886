"""Finance's subscriber: HR's post and transfer events drive the budget saga.

The EventConsumer hands over one connection per batch; the effect, the inbox rows and the
outbox rows of the events Finance publishes in reply all commit in that one transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import Connection

from services.finance.adapters.book import SqlBudgetBook
from services.finance.adapters.ledgers import SqlSavings
from services.finance.adapters.tables import messaging
from services.finance.application import saga
from shared.events import topics
from shared.events.catalogue import ReadEvent
from shared.events.envelope import Actor
from shared.kafka.broker import event_subscriber
from shared.kafka.consuming import ApplyEvents, EventConsumer
from shared.kafka.dead_letters import DeadLetters
from shared.persistence.outbox import EventContext, record_events
from shared.runtime import ServiceRuntime

CONSUMER = "finance.transfers"
TOPICS = (topics.HR_POSTS,)
SYSTEM = Actor(id="finance-service", role="system")


def apply_hr_events(topic_prefix: str) -> ApplyEvents:
    """The function the consumer runs per batch, inside its transaction."""

    def apply(connection: Connection, events: list[ReadEvent]) -> None:
        book, savings = SqlBudgetBook(connection), SqlSavings(connection)
        for event in events:
            replies = saga.handle(book, event.payload, savings)
            context = EventContext(
                producer="finance",
                actor=SYSTEM,
                correlation_id=event.envelope.correlation_id,
                causation_id=event.envelope.event_id,
                topic_prefix=topic_prefix,
            )
            record_events(connection, messaging, context, replies, datetime.now(UTC))

    return apply


def subscribe(runtime: ServiceRuntime) -> EventConsumer:
    """Wire the saga's consumer to HR's posts topic, with Finance's dead-letter topic."""
    prefix = runtime.settings.topic_prefix
    dead_letters = DeadLetters(runtime.broker, topics.FINANCE_DEAD_LETTERS, prefix, CONSUMER)
    consumer = EventConsumer(
        CONSUMER, runtime.engine, messaging, apply_hr_events(prefix), dead_letters
    )

    @event_subscriber(runtime.broker, runtime.settings, TOPICS, CONSUMER)
    async def on_post_events(_: Any, message: KafkaMessage) -> None:
        await consumer.handle(message.raw_message)
        runtime.relay.notify()

    return consumer
