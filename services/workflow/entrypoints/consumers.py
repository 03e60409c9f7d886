"""Workflow's subscribers: batch consumers for the tracker, savings and the redesign pipeline.

Group ids carry `consumer_generation`: a new generation with an empty database rebuilds the
read models from the start of the log.
"""

from __future__ import annotations

from typing import Any

from faststream.kafka.annotations import KafkaMessage

from services.workflow.adapters.tables import messaging
from services.workflow.application.redesign import apply_redesign_events
from services.workflow.application.redesign_handlers import REDESIGN_CONSUMER
from services.workflow.application.savings import apply_savings_events
from services.workflow.application.tracker import Clock, Tracker
from shared.events import topics
from shared.kafka.broker import event_subscriber
from shared.kafka.consuming import ApplyEvents, EventConsumer
from shared.kafka.dead_letters import DeadLetters
from shared.runtime import ServiceRuntime

TRACKER_TOPICS = (topics.HR_POSTS, topics.FINANCE_BUDGETS)
SAVINGS_TOPICS = (topics.FINANCE_SAVINGS,)
REDESIGN_TOPICS = (topics.HR_REDESIGN, topics.FINANCE_REDESIGN, topics.WORKFLOW_REDESIGN)


def subscribe(runtime: ServiceRuntime, generation: str, clock: Clock) -> list[EventConsumer]:
    """Declare the three consumers on the runtime's broker; return them (for tests)."""
    dead_letters = DeadLetters(
        runtime.broker, topics.WORKFLOW_DEAD_LETTERS, runtime.settings.topic_prefix, "workflow"
    )
    tracker = Tracker(runtime.settings.topic_prefix, clock)
    wiring: list[tuple[str, tuple[str, ...], ApplyEvents]] = [
        ("workflow.tracker", TRACKER_TOPICS, tracker),
        ("workflow.savings", SAVINGS_TOPICS, apply_savings_events),
        (REDESIGN_CONSUMER, REDESIGN_TOPICS, apply_redesign_events),
    ]
    return [
        _subscribe(runtime, dead_letters, name, logical_topics, apply, generation)
        for name, logical_topics, apply in wiring
    ]


def _subscribe(
    runtime: ServiceRuntime,
    dead_letters: DeadLetters,
    name: str,
    logical_topics: tuple[str, ...],
    apply: ApplyEvents,
    generation: str,
) -> EventConsumer:
    consumer = EventConsumer(name, runtime.engine, messaging, apply, dead_letters)

    async def on_events(_: Any, message: KafkaMessage) -> None:
        await consumer.handle(message.raw_message)
        runtime.relay.notify()  # milestones may have been written to the outbox

    on_events.__name__ = f"on_{name.replace('.', '_')}"
    group = name + (f".{generation}" if generation else "")
    event_subscriber(runtime.broker, runtime.settings, logical_topics, group)(on_events)
    return consumer
