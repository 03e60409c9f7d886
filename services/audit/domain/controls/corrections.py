"""A corrected redrive of another service's event was proposed and approved by two people.

The corrected bytes never reach the log (only their hash does), so the audit cannot check
what was applied; it can check that no one person decided it (`shared/kafka/corrections.py`).
"""

from __future__ import annotations

from typing import Any

from services.audit.domain.controls.base import FindsAsItReads
from services.audit.domain.records import AuditedEvent
from shared.events import interventions


class CorrectionsHadTwoPeople(FindsAsItReads):
    name = "correction_by_one_person"
    description = (
        "Every corrected redrive of an event another service published names who proposed "
        "the correction, and that person is not the one who approved (applied) it."
    )
    events = frozenset((interventions.DeadLetterResolved,))

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload  # DeadLetterResolved
        owner = payload.source_topic.split(".", 1)[0]
        if payload.action != "redriven_corrected" or owner == event.envelope.producer:
            return
        approver = event.envelope.actor.id
        if payload.proposed_by in (None, approver):
            self._found.append(
                self.finding(
                    f"{event.ref.aggregate}: {approver} applied a correction of {owner}'s "
                    f"event {payload.event_id} that no second person proposed",
                    event.ref,
                )
            )
