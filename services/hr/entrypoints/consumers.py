"""HR's subscribers: Finance's budget-check verdicts (`finance.budgets`), the waves' policies
(`workflow.programme`) and the redesign candidates of every function (the redesign topics)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import Connection

from services.hr.adapters.endings import apply_candidate_events
from services.hr.adapters.repository import PostRepository
from services.hr.adapters.tables import messaging
from services.hr.adapters.wave_rules import apply_programme_events
from services.hr.application.budget_checks import BudgetVerdict, record_budget_check
from shared.events import finance, programme, topics
from shared.events.base import EventPayload
from shared.events.catalogue import ReadEvent
from shared.kafka.broker import event_subscriber
from shared.kafka.consuming import ApplyEvents, EventConsumer
from shared.kafka.dead_letters import DeadLetters
from shared.runtime import ServiceRuntime

GROUP = "hr.budget-checks"
TOPICS = (topics.FINANCE_BUDGETS,)
PROGRAMME_GROUP = "hr.programme"
PROGRAMME_TOPICS = (topics.WORKFLOW_PROGRAMME,)
# Every wave event changes what approvals must obey (its plan's policy, or its assessment).
PROGRAMME_HANDLED: frozenset[type[EventPayload]] = frozenset(programme.EVENTS)
# Which candidates are delivered and which posts each claims: only those may end a post.
CANDIDATES_GROUP = "hr.candidates"
CANDIDATES_TOPICS = (topics.HR_REDESIGN, topics.FINANCE_REDESIGN, topics.WORKFLOW_REDESIGN)


def _passed(payload: EventPayload) -> BudgetVerdict:
    assert isinstance(payload, finance.BudgetCheckPassed)
    return BudgetVerdict(
        post_number=payload.post_number, transfer_id=payload.transfer_id, passed=True
    )


def _failed(payload: EventPayload) -> BudgetVerdict:
    assert isinstance(payload, finance.BudgetCheckFailed)
    return BudgetVerdict(
        post_number=payload.post_number,
        transfer_id=payload.transfer_id,
        passed=False,
        reason=payload.reason,
    )


# The verdict each budget event carries. A test holds every event on `finance.budgets` to
# being here or in `IGNORED`.
HANDLERS: dict[type[EventPayload], Callable[[EventPayload], BudgetVerdict]] = {
    finance.BudgetCheckPassed: _passed,
    finance.BudgetCheckFailed: _failed,
}
IGNORED: dict[type[EventPayload], str] = {
    finance.BudgetReserved: "HR waits for the verdict, not the reservation behind it",
    finance.BudgetMoved: "the money follows the transfer; the post's record does not change",
    finance.BudgetReleased: "released money changes nothing HR records",
    finance.BudgetMoveReversed: "HR rescinded the transfer first; the money follows it back",
}


def verdict_of(event: ReadEvent) -> BudgetVerdict | None:
    """The verdict a budget event carries, or None for the events in `IGNORED`."""
    verdict = HANDLERS.get(type(event.payload))
    return verdict(event.payload) if verdict else None


def apply_budget_checks(connection: Connection, events: list[ReadEvent]) -> None:
    """Record each verdict in the consumer's transaction (with its inbox rows)."""
    posts = PostRepository(connection)
    for event in events:
        verdict = verdict_of(event)
        if verdict is not None:
            record_budget_check(posts, verdict)


def subscribe(runtime: ServiceRuntime) -> EventConsumer:
    """Wire the budget-check consumer to Finance's budgets topic, and the programme
    consumer to `workflow.programme` (sharing one dead-letter publisher)."""
    dead_letters = DeadLetters(
        runtime.broker, topics.HR_DEAD_LETTERS, runtime.settings.topic_prefix, "hr"
    )
    subscribe_programme(runtime, dead_letters)
    subscribe_candidates(runtime, dead_letters)
    consumer = EventConsumer(
        GROUP,
        runtime.engine,
        messaging,
        apply_budget_checks,
        dead_letters,
        wanted=lambda event: type(event.payload) in HANDLERS,
    )

    @event_subscriber(runtime.broker, runtime.settings, TOPICS, GROUP)
    async def on_budget_events(_: Any, message: KafkaMessage) -> None:
        await consumer.handle(message.raw_message)

    return consumer


def subscribe_programme(runtime: ServiceRuntime, dead_letters: DeadLetters) -> EventConsumer:
    """Wire the consumer keeping the waves' approval policies to `workflow.programme`."""
    return _subscribe(
        runtime, dead_letters, PROGRAMME_GROUP, PROGRAMME_TOPICS, apply_programme_events,
        "on_programme_events",
    )  # fmt: skip


def subscribe_candidates(runtime: ServiceRuntime, dead_letters: DeadLetters) -> EventConsumer:
    """Wire the consumer keeping every function's candidates to the redesign topics."""
    return _subscribe(
        runtime, dead_letters, CANDIDATES_GROUP, CANDIDATES_TOPICS, apply_candidate_events,
        "on_candidate_events",
    )  # fmt: skip


def _subscribe(
    runtime: ServiceRuntime,
    dead_letters: DeadLetters,
    group: str,
    logical_topics: tuple[str, ...],
    apply: ApplyEvents,
    handler_name: str,  # the AsyncAPI document names the channel after it
) -> EventConsumer:
    consumer = EventConsumer(group, runtime.engine, messaging, apply, dead_letters)

    async def on_events(_: Any, message: KafkaMessage) -> None:
        await consumer.handle(message.raw_message)

    on_events.__name__ = handler_name
    event_subscriber(runtime.broker, runtime.settings, logical_topics, group)(on_events)
    return consumer
