"""What the audit holds about an event it read, and what it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from shared.events.base import EventPayload
from shared.events.envelope import Envelope

FindingKind = Literal["integrity", "control", "unreadable"]


class EventRef(NamedTuple):
    """Where an event sits in the log, so an auditor can go and look at it.

    Named tuples, not frozen dataclasses, because the replay makes one per event.
    """

    event_id: str
    event_type: str
    topic: str
    partition: int
    offset: int
    aggregate: str  # "post/10423"

    def where(self) -> str:
        return f"{self.topic}[{self.partition}]@{self.offset}"


class AuditedEvent(NamedTuple):
    """A validated (and upcast) event with its place in the log."""

    envelope: Envelope
    payload: EventPayload
    ref: EventRef


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """Something wrong in the log, with the events that show it."""

    kind: FindingKind
    rule: str  # e.g. "altered", "missing_sequence", "effective_without_consultation"
    message: str
    events: tuple[EventRef, ...] = field(default=())
    aggregate: str | None = None
