"""Every dead letter is resolved in time, and every resolution is of a real dead letter.

A consumer that sets a message aside publishes it on its service's dead-letter topic, with
where it came from and which consumer refused it in the headers; an operator's redrive or
discard is a `DeadLetterResolved` on the service's interventions topic. Read together: a
letter left open longer than the policy allows is a finding (the events parked behind it
are not applied, and nobody said why), and so is a resolution of a letter the log never
held (an intervention nobody can check). A service's database keeps its own record; this
is what the log alone proves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import interventions


@dataclass(frozen=True, slots=True, kw_only=True)
class SetAside:
    """A dead letter as its consumer published it."""

    key: str  # interventions.dead_letter_key: consumer and source position
    code: str
    at: datetime  # when it was published on the dead-letter topic
    ref: EventRef


class DeadLettersAreResolved(ControlCheck):
    name = "dead_letter_left_open"
    description = (
        "Every dead letter is redriven or discarded (a DeadLetterResolved on the service's "
        "interventions topic) within the policy's age (24 hours by default), and every "
        "resolution is of a dead letter on the log."
    )
    events = frozenset((interventions.DeadLetterResolved,))

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._letters: dict[str, SetAside] = {}
        self._resolved: dict[str, EventRef] = {}

    def set_aside(self, letter: SetAside) -> None:
        """Take note of a message on a dead-letter topic (the replay hands these over)."""
        self._letters.setdefault(letter.key, letter)

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload  # DeadLetterResolved
        key = interventions.dead_letter_key(
            payload.consumer, payload.source_topic, payload.source_partition, payload.source_offset
        )
        self._resolved.setdefault(key, event.ref)

    def findings(self) -> list[Finding]:
        now = self.policy.read_at or datetime.now(UTC)
        oldest = self.policy.dead_letter_age
        found = [
            self.finding(
                f"{letter.key} was set aside ({letter.code}) at {letter.at:%Y-%m-%d %H:%M}, "
                f"{_hours(now - letter.at)} hours before the log was read, and nobody has "
                "redriven or discarded it",
                letter.ref,
            )
            for key, letter in self._letters.items()
            if key not in self._resolved and now - letter.at > oldest
        ]
        if self.history_complete:  # from a date, the letter may be before the window
            found += [
                self.finding(f"{key} was resolved but no such dead letter is on the log", ref)
                for key, ref in self._resolved.items()
                if key not in self._letters
            ]
        return found


def _hours(age: timedelta) -> int:
    return int(age.total_seconds() // 3600)
