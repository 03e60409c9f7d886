"""No transfer took effect before its effective date."""

from __future__ import annotations

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.records import AuditedEvent, Finding
from shared.events import hr


class NotEffectiveBeforeItsDate(ControlCheck):
    name = "effective_before_effective_date"
    description = (
        "No TransferEffective was recorded (or happened) on a day before its effective date."
    )
    events = frozenset({hr.TransferEffective})

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._found: list[Finding] = []

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

    def findings(self) -> list[Finding]:
        return list(self._found)
