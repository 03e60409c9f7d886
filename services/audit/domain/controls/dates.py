"""No transfer took effect before its effective date."""

from __future__ import annotations

from services.audit.domain.controls.base import FindsAsItReads
from services.audit.domain.records import AuditedEvent
from shared.events import hr


class NotEffectiveBeforeItsDate(FindsAsItReads):
    name = "effective_before_effective_date"
    description = (
        "No TransferEffective was recorded (or happened) on a day before its effective date."
    )
    events = frozenset({hr.TransferEffective})

    def observe(self, event: AuditedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, hr.TransferEffective)
        envelope = event.envelope
        taken = min(envelope.occurred_at, envelope.recorded_at).date()
        if taken < payload.effective_date:
            self._found.append(
                self.finding(
                    f"post {payload.post_number}: transfer {payload.transfer_id} took effect "
                    f"on {taken.isoformat()}, before its effective date "
                    f"{payload.effective_date.isoformat()}",
                    event.ref,
                )
            )
