"""Workflow's subscribers: batch consumers for the tracker, savings and the redesign pipeline,
and the guards consumer that reads Workflow's own topics back into its guards.

Group ids carry `consumer_generation`: a new generation with an empty database rebuilds the
read models from the start of the log. Given a `CatchUp`, every consumer reports what it
handled, and the tracker holds its milestones back until the log has been caught up with
(`entrypoints/rebuild.py`), so a rebuild publishes nothing again.

The subscriptions feed has no consumer of its own: the tracker, the redesign pipeline, the
consultations consumer and the guards (for milestones) write the feed rows of what they
read in their own transaction (`feed.with_feed`), so each event is read, validated and
committed once. Savings are per team: in no feed. The tracker takes big batches: per-batch
queries and the commit are shared.
"""

from __future__ import annotations

from typing import Any

from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import Connection

from services.workflow.adapters.tables import messaging
from services.workflow.entrypoints.rebuild import CatchUp
from services.workflow.projections.consultations import (
    CONSULTATIONS_CONSUMER,
    apply_consultation_events,
)
from services.workflow.projections.milestones import held_back
from services.workflow.projections.programme import PROGRAMME_CONSUMER, apply_programme_events
from services.workflow.projections.rebuild_guards import GUARDS_CONSUMER, apply_own_events
from services.workflow.projections.redesign import REDESIGN_CONSUMER, apply_redesign_events
from services.workflow.projections.savings import apply_savings_events
from services.workflow.projections.tracker import Clock, Tracker
from services.workflow.subscriptions.feed import Bell, bell_for, with_feed
from shared.events import topics
from shared.events.catalogue import ReadEvent
from shared.kafka.broker import event_subscriber
from shared.kafka.consuming import ApplyEvents, EventConsumer
from shared.kafka.dead_letters import DeadLetters
from shared.runtime import ServiceRuntime

TRACKER_TOPICS = (topics.HR_POSTS, topics.FINANCE_BUDGETS)
SAVINGS_TOPICS = (topics.FINANCE_SAVINGS,)
REDESIGN_TOPICS = (topics.HR_REDESIGN, topics.FINANCE_REDESIGN, topics.WORKFLOW_REDESIGN)
OWN_TOPICS = (topics.WORKFLOW_MILESTONES, topics.WORKFLOW_REDESIGN, topics.WORKFLOW_PROGRAMME)
PROGRAMME_TOPICS = (topics.WORKFLOW_PROGRAMME,)
CONSULTATION_TOPICS = (topics.HR_CONSULTATIONS,)
TRACKER_CONSUMER = "workflow.tracker"
TRACKER_BATCH = 2000  # records per batch (the house default is smaller)


def _is_milestone(event: ReadEvent) -> bool:
    # The guards also read workflow.redesign, whose feed rows the redesign consumer writes.
    return type(event.payload).TOPIC == topics.WORKFLOW_MILESTONES


def subscribe(
    runtime: ServiceRuntime, generation: str, clock: Clock, catch_up: CatchUp | None = None
) -> list[EventConsumer]:
    """Declare the six consumers on the runtime's broker; return them (for tests)."""
    dead_letters = DeadLetters(
        runtime.broker, topics.WORKFLOW_DEAD_LETTERS, runtime.settings.topic_prefix, "workflow"
    )
    tracker: ApplyEvents = Tracker(runtime.settings.topic_prefix, clock)
    if catch_up is not None:
        tracker = _held_until_open(tracker, catch_up)
    bell = bell_for(runtime.engine)
    wiring: list[tuple[str, tuple[str, ...], ApplyEvents, dict[str, Any]]] = [
        (TRACKER_CONSUMER, TRACKER_TOPICS, with_feed(tracker), {"max_records": TRACKER_BATCH}),
        ("workflow.savings", SAVINGS_TOPICS, apply_savings_events, {}),
        (REDESIGN_CONSUMER, REDESIGN_TOPICS, with_feed(apply_redesign_events), {}),
        (GUARDS_CONSUMER, OWN_TOPICS, with_feed(apply_own_events, _is_milestone), {}),
        (CONSULTATIONS_CONSUMER, CONSULTATION_TOPICS, with_feed(apply_consultation_events), {}),
        (PROGRAMME_CONSUMER, PROGRAMME_TOPICS, apply_programme_events, {}),
    ]
    return [
        _subscribe(
            runtime, dead_letters, name, topics_read, apply, generation, catch_up, bell, options
        )
        for name, topics_read, apply, options in wiring
    ]


async def catch_up_with_log(catch_up: CatchUp) -> None:
    """Open the catch-up's gates in order: own log (guards), tracker, redesign pipeline."""
    await catch_up.run(GUARDS_CONSUMER, TRACKER_CONSUMER, REDESIGN_CONSUMER)


def _held_until_open(apply: ApplyEvents, catch_up: CatchUp) -> ApplyEvents:
    def apply_held(connection: Connection, events: list[ReadEvent]) -> None:
        with held_back(not catch_up.milestones_open.is_set()):
            apply(connection, events)

    return apply_held


def _subscribe(
    runtime: ServiceRuntime,
    dead_letters: DeadLetters,
    name: str,
    logical_topics: tuple[str, ...],
    apply: ApplyEvents,
    generation: str,
    catch_up: CatchUp | None,
    bell: Bell,
    options: dict[str, Any],
) -> EventConsumer:
    consumer = EventConsumer(name, runtime.engine, messaging, apply, dead_letters)
    group = name + (f".{generation}" if generation else "")
    progress = None
    if catch_up is not None:
        physical = tuple(runtime.topic(logical) for logical in logical_topics)
        progress = catch_up.watch(consumer, runtime.settings.topic_prefix + group, physical)

    async def on_events(_: Any, message: KafkaMessage) -> None:
        await consumer.handle(message.raw_message)
        runtime.relay.notify()  # milestones may have been written to the outbox
        bell.ring()  # and feed rows: streams and webhooks look at once
        if progress is not None:
            progress.saw(message.raw_message)

    on_events.__name__ = f"on_{name.replace('.', '_')}"
    event_subscriber(runtime.broker, runtime.settings, logical_topics, group, **options)(on_events)
    return consumer
