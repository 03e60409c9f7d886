"""Every effective transfer had, before it, a closed consultation, a passed budget check and
an approval."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck, stamp
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import finance, hr
from shared.events.base import EventPayload

# The step each event proves, and how a missing one is reported.
STEPS: dict[type[EventPayload], str] = {
    hr.ConsultationClosed: "a closed consultation",
    finance.BudgetCheckPassed: "a passed budget check",
    hr.TransferApproved: "an approval",
}


@dataclass(slots=True)
class _Transfer:
    proposed: bool = False
    steps: dict[type[EventPayload], datetime] = field(
        default_factory=dict
    )  # earliest recorded time per step
    effective: list[tuple[datetime, EventRef]] = field(default_factory=list)


class EffectiveTransferFollowedTheSteps(ControlCheck):
    name = "effective_without_prior_steps"
    description = (
        "Every TransferEffective had, earlier in the same transfer, a ConsultationClosed, "
        "a BudgetCheckPassed and a TransferApproved."
    )
    events = frozenset({hr.TransferProposed, hr.TransferEffective, *STEPS})

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._transfers: dict[tuple[str, str], _Transfer] = {}

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload  # every watched type has post_number and transfer_id
        key = (payload.post_number, payload.transfer_id)
        transfer = self._transfers.get(key)
        if transfer is None:
            transfer = self._transfers[key] = _Transfer()
        envelope = event.envelope
        kind, recorded = type(payload), envelope.recorded_at
        if kind is hr.TransferProposed:
            transfer.proposed = True
        elif kind is hr.TransferEffective:
            transfer.effective.append(stamp(event))
        elif kind not in transfer.steps or recorded < transfer.steps[kind]:
            transfer.steps[kind] = recorded

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for (post, transfer_id), transfer in self._transfers.items():
            if not self.history_complete and not transfer.proposed:
                continue  # the transfer began before the replayed window
            for when, ref in transfer.effective:
                for kind, words in STEPS.items():
                    step = transfer.steps.get(kind)
                    if step is None or step > when:
                        how = "never" if step is None else f"only after it ({step.isoformat()})"
                        found.append(
                            self.finding(
                                f"post {post}: transfer {transfer_id} took effect without "
                                f"{words} before it ({kind.EVENT_TYPE} {how})",
                                ref,
                            )
                        )
        return found
