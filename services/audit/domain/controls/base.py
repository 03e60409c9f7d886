"""What every control check is: it watches some event types and reports what breaks a rule."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.approval_policy import COUNCIL_POLICY, ApprovalPolicy
from shared.events.base import EventPayload
from shared.events.consultation_rules import DEFAULT_MINIMUM_DAYS


@dataclass(frozen=True, kw_only=True)
class AuditPolicy:
    """The council's policy the auditor checks against (a replay option, not the log's word)."""

    consultation_minimum_days: int = DEFAULT_MINIMUM_DAYS
    # How long Finance may take to move an effective transfer's budget before it is a finding.
    budget_move_grace: timedelta = timedelta(hours=24)
    # How long a dead letter may stay open (its post's later events parked) before a finding.
    dead_letter_age: timedelta = timedelta(hours=24)
    read_at: datetime | None = None  # when the log was read: "now" for time-bound controls
    approvals: ApprovalPolicy = COUNCIL_POLICY  # separation of duties and approval limits


POLICY = AuditPolicy()


class ControlCheck(ABC):
    """One control. The replay hands it only the events of the classes it names, in log order.

    Log order is not time order across topics (Finance's facts may be read before HR's), so a
    check that needs "earlier" compares recorded times, and decides in `findings()` at the end.
    """

    name: ClassVar[str]  # the rule's id in reports
    description: ClassVar[str]  # one line for the report and docs
    events: ClassVar[frozenset[type[EventPayload]]]  # the event classes it watches

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        # False when replaying from a date: earlier facts may simply be outside the window.
        self.history_complete = history_complete
        self.policy = policy

    @abstractmethod
    def observe(self, event: AuditedEvent) -> None:
        """Take note of one event of the classes this check watches."""

    @abstractmethod
    def findings(self) -> list[Finding]:
        """Everything that breaks the rule, once the whole log has been read."""

    def finding(self, message: str, *events: EventRef) -> Finding:
        aggregate = events[0].aggregate if events else None
        return Finding(
            kind="control", rule=self.name, message=message, events=events, aggregate=aggregate
        )


class FindsAsItReads(ControlCheck):
    """A check that keeps the findings it makes while reading, in order, in `_found`: by
    default `findings()` is just those (a check that also decides at the end adds to them)."""

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._found: list[Finding] = []

    def findings(self) -> list[Finding]:
        return list(self._found)


def stamp(event: AuditedEvent) -> tuple[datetime, EventRef]:
    """When the event was recorded, and where it is: what checks keep of an event."""
    return event.envelope.recorded_at, event.ref
