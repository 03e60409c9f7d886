"""No consumer silently ignores an event it is subscribed to.

For each consumer: the topics it reads, every event class the catalogue says travels on
them, and its handler registry (keyed by event class). Each event must be handled or named
in the consumer's `IGNORED` (with the reason), so adding an event to `shared/events` fails
here until every consumer of its topic has decided what to do with it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import ClassVar, NamedTuple

import pytest

from services.audit.domain import establishment
from services.finance.application import saga
from services.finance.entrypoints import consumers as finance_consumers
from services.hr.adapters import endings as hr_endings
from services.hr.entrypoints import consumers as hr_consumers
from services.workflow.domain import journey, summaries
from services.workflow.entrypoints import consumers as workflow_consumers
from services.workflow.projections import benefits as benefit_register
from services.workflow.projections import (
    consultations,
    milestones,
    programme,
    rebuild_guards,
    redesign,
    savings,
)
from shared.events import hr, topics
from shared.events.base import EventPayload
from shared.events.catalogue import events_on
from shared.events.stages import STAGE_AFTER

EventClass = type[EventPayload]


class Consumer(NamedTuple):
    name: str
    topics: tuple[str, ...]
    handled: Collection[EventClass]
    ignored: Mapping[EventClass, str]


CONSUMERS = (
    Consumer(
        "finance.transfers",
        finance_consumers.TOPICS,
        {*saga.HANDLERS, *saga.SAVINGS_HANDLERS},
        saga.IGNORED,
    ),
    Consumer(
        "hr.budget-checks", hr_consumers.TOPICS, hr_consumers.HANDLERS.keys(), hr_consumers.IGNORED
    ),
    Consumer("hr.programme", hr_consumers.PROGRAMME_TOPICS, hr_consumers.PROGRAMME_HANDLED, {}),
    Consumer(
        "hr.candidates",
        hr_consumers.CANDIDATES_TOPICS,
        hr_endings.CANDIDATE_STEPS.keys(),
        hr_endings.CANDIDATES_IGNORED,
    ),
    Consumer(
        "workflow.tracker (journeys)",
        workflow_consumers.TRACKER_TOPICS,
        {*journey.HR_STEPS, *journey.BUDGET_STEPS},
        journey.BUDGET_IGNORED,
    ),
    Consumer(
        "workflow.tracker (timeline)",
        workflow_consumers.TRACKER_TOPICS,
        summaries.SUMMARIES.keys(),
        {},
    ),
    Consumer("workflow.savings", workflow_consumers.SAVINGS_TOPICS, savings.HANDLERS.keys(), {}),
    Consumer(
        "workflow.redesign",
        workflow_consumers.REDESIGN_TOPICS,
        {*redesign.HANDLERS, *benefit_register.HANDLERS},
        {},
    ),
    Consumer(
        "workflow.consultations",
        workflow_consumers.CONSULTATION_TOPICS,
        consultations.HANDLERS.keys(),
        {},
    ),
    Consumer(
        "workflow.programme",
        workflow_consumers.PROGRAMME_TOPICS,
        programme.HANDLERS.keys(),
        {},
    ),
    Consumer(
        "workflow.guards",
        workflow_consumers.OWN_TOPICS,
        milestones.MILESTONE_KEYS.keys(),
        rebuild_guards.POSITION_ONLY,
    ),
    Consumer(
        "audit (establishment)",
        (topics.HR_POSTS, topics.FINANCE_BUDGETS),
        {*establishment.Establishment().steps, *STAGE_AFTER},
        establishment.IGNORED,
    ),
)


def unhandled(
    consumer: Consumer, on_topic: Callable[[str], list[EventClass]] = events_on
) -> list[str]:
    """Wire names of the events on the consumer's topics that it neither handles nor ignores."""
    arriving = {event for topic in consumer.topics for event in on_topic(topic)}
    known = set(consumer.handled) | set(consumer.ignored)
    return sorted(event.EVENT_TYPE for event in arriving - known)


@pytest.mark.parametrize("consumer", CONSUMERS, ids=lambda consumer: consumer.name)
def test_every_event_on_a_consumers_topics_is_handled_or_ignored_with_a_reason(
    consumer: Consumer,
) -> None:
    assert unhandled(consumer) == []
    assert all(reason.strip() for reason in consumer.ignored.values())


@pytest.mark.parametrize("consumer", CONSUMERS, ids=lambda consumer: consumer.name)
def test_a_consumer_neither_handles_and_ignores_an_event_nor_names_one_it_never_reads(
    consumer: Consumer,
) -> None:
    arriving = {event for topic in consumer.topics for event in events_on(topic)}
    assert set(consumer.handled) & set(consumer.ignored) == set()
    assert (set(consumer.handled) | set(consumer.ignored)) - arriving == set()


class TransferPaused(hr.TransferEvent):
    """An event HR might add one day; no consumer knows it yet."""

    EVENT_TYPE: ClassVar[str] = "TransferPaused"


def test_a_new_event_on_a_topic_is_reported_for_every_consumer_of_that_topic() -> None:
    def with_a_new_event(topic: str) -> list[EventClass]:
        return events_on(topic) + ([TransferPaused] if topic == topics.HR_POSTS else [])

    reported = [c.name for c in CONSUMERS if unhandled(c, with_a_new_event) == ["TransferPaused"]]
    assert reported == [
        "finance.transfers",
        "workflow.tracker (journeys)",
        "workflow.tracker (timeline)",
        "audit (establishment)",
    ]
