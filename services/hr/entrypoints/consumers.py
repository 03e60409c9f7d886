"""HR's subscribers: Finance's budget-check verdicts (`finance.budgets`)."""

from __future__ import annotations

from typing import Any

from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import Connection

from services.hr.adapters.repository import PostRepository
from services.hr.adapters.tables import messaging
from services.hr.application.budget_checks import BudgetVerdict, record_budget_check
from shared.events import finance, topics
from shared.events.catalogue import ReadEvent
from shared.kafka.broker import event_subscriber
from shared.kafka.consuming import EventConsumer
from shared.kafka.dead_letters import DeadLetters
from shared.runtime import ServiceRuntime

GROUP = "hr.budget-checks"


def verdict_of(event: ReadEvent) -> BudgetVerdict | None:
    """The verdict a budget event carries, or None for the other budget events."""
    payload = event.payload
    if isinstance(payload, finance.BudgetCheckPassed):
        return BudgetVerdict(
            post_number=payload.post_number, transfer_id=payload.transfer_id, passed=True
        )
    if isinstance(payload, finance.BudgetCheckFailed):
        return BudgetVerdict(
            post_number=payload.post_number,
            transfer_id=payload.transfer_id,
            passed=False,
            reason=payload.reason,
        )
    return None


def apply_budget_checks(connection: Connection, events: list[ReadEvent]) -> None:
    """Record each verdict in the consumer's transaction (with its inbox rows)."""
    posts = PostRepository(connection)
    for event in events:
        verdict = verdict_of(event)
        if verdict is not None:
            record_budget_check(posts, verdict)


def subscribe(runtime: ServiceRuntime) -> EventConsumer:
    """Wire the budget-check consumer to Finance's budgets topic."""
    dead_letters = DeadLetters(
        runtime.broker, topics.HR_DEAD_LETTERS, runtime.settings.topic_prefix, "hr"
    )
    consumer = EventConsumer(
        GROUP,
        runtime.engine,
        messaging,
        apply_budget_checks,
        dead_letters,
        wanted=lambda event: verdict_of(event) is not None,
    )

    @event_subscriber(runtime.broker, runtime.settings, (topics.FINANCE_BUDGETS,), GROUP)
    async def on_budget_events(_: Any, message: KafkaMessage) -> None:
        await consumer.handle(message.raw_message)

    return consumer
