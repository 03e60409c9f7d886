"""Operators' interventions on the log: a dead letter redriven, redriven corrected, or discarded.

Resolving a dead letter changes what a service applied, so it must be on the log like any
other fact, or an auditor replaying the log cannot tell an event that was never applied from
one applied by hand. Each resolution is recorded in the resolving service's outbox, in the
same transaction as the resolution, and published on that service's `<owner>.interventions`
topic, keyed by the dead letter (consumer and source position). A corrected redrive carries
the SHA-256 of the corrected bytes, never the bytes: the payload may hold personal data.
Published by HR, Finance and Workflow; read by the audit (nobody applies them).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from shared.events import topics
from shared.events.base import EventPayload

INTERVENTIONS_TOPIC_OF_PRODUCER: dict[str, str] = {
    "hr": topics.HR_INTERVENTIONS,
    "finance": topics.FINANCE_INTERVENTIONS,
    "workflow": topics.WORKFLOW_INTERVENTIONS,
}

Action = Literal["redriven", "redriven_corrected", "discarded"]


def dead_letter_key(consumer: str, source_topic: str, partition: int, offset: int) -> str:
    """The aggregate id of a dead letter: where its message was, and who set it aside."""
    return f"{consumer}@{source_topic}/{partition}/{offset}"


class DeadLetterResolved(EventPayload):
    """Someone resolved a dead letter on purpose; the events parked behind it were released."""

    EVENT_TYPE: ClassVar[str] = "DeadLetterResolved"
    TOPIC: ClassVar[str] = ""
    TOPIC_OF_PRODUCER: ClassVar[dict[str, str]] = INTERVENTIONS_TOPIC_OF_PRODUCER
    AGGREGATE_TYPE: ClassVar[str] = "dead_letter"

    consumer: str = Field(description="The consumer that set the message aside.")
    source_topic: str = Field(description="Logical topic the message was read from.")
    source_partition: int = Field(ge=0)
    source_offset: int = Field(ge=0)
    message_key: str | None = Field(None, description="The message's key: whose events wait.")
    event_id: str | None = Field(None, description="The set-aside event's id, when readable.")
    code: str = Field(description="Why it was set aside (the dead letter's reason code).")
    action: Action
    reason: str = Field(max_length=2000, description="Why it was resolved this way.")
    corrected_sha256: str | None = Field(
        None, description="SHA-256 of the corrected bytes applied instead (corrected redrive)."
    )
    released: int = Field(ge=0, description="Events parked behind it that were then applied.")
    proposed_by: str | None = Field(
        None,
        description="Who proposed the correction the actor approved (a correction of another "
        "service's event needs two people).",
    )


EVENTS: tuple[type[EventPayload], ...] = (DeadLetterResolved,)
