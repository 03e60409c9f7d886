"""Every effective transfer has its budget moved: the other way round from
`budget_moves.py`. A transfer whose `TransferEffective` Finance could not apply (it
dead-lettered it) leaves its reservation for ever while HR shows the post moved; only
reading from the transfer to the money shows it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import finance, hr


class EffectiveTransferHasItsBudgetMove(ControlCheck):
    name = "effective_transfer_without_budget_move"
    description = (
        "Every TransferEffective is followed by Finance's BudgetMoved for the same transfer "
        "within the policy's grace (24 hours of recorded time by default)."
    )
    events = frozenset((hr.TransferEffective, finance.BudgetMoved))

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._effective: dict[tuple[str, str], tuple[datetime, EventRef]] = {}
        self._moved: set[tuple[str, str]] = set()

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload  # TransferEffective or BudgetMoved
        key = (payload.post_number, payload.transfer_id)
        if isinstance(payload, finance.BudgetMoved):
            self._moved.add(key)
        else:
            self._effective.setdefault(key, (event.envelope.recorded_at, event.ref))

    def findings(self) -> list[Finding]:
        # A move still within the grace of when the log is read may simply not have
        # happened yet.
        now = self.policy.read_at or datetime.now(UTC)
        grace = self.policy.budget_move_grace
        return [
            self.finding(
                f"post {post}: transfer {transfer} took effect "
                f"(recorded {recorded:%Y-%m-%d %H:%M}) but Finance never moved its budget",
                ref,
            )
            for (post, transfer), (recorded, ref) in self._effective.items()
            if (post, transfer) not in self._moved and now - recorded > grace
        ]
