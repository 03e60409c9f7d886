"""Workflow's subscribers: every HR event goes to the tracker."""

from __future__ import annotations

from typing import Any

from faststream.kafka.annotations import KafkaMessage

from services.workflow.adapters.tables import messaging
from services.workflow.application.tracker import apply_post_events
from shared.events import topics
from shared.kafka.broker import event_subscriber
from shared.kafka.consuming import EventConsumer
from shared.kafka.dead_letters import DeadLetters
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime) -> EventConsumer:
    """Wire the tracker's consumer to the HR posts topic."""
    dead_letters = DeadLetters(
        runtime.broker, topics.WORKFLOW_DEAD_LETTERS, runtime.settings.topic_prefix, "workflow"
    )
    consumer = EventConsumer(
        "workflow.tracker", runtime.engine, messaging, apply_post_events, dead_letters
    )

    @event_subscriber(runtime.broker, runtime.settings, (topics.HR_POSTS,), "workflow.tracker")
    async def on_post_events(_: Any, message: KafkaMessage) -> None:
        await consumer.handle(message.raw_message)

    return consumer
