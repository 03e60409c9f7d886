"""Every budget move matches an effective transfer of the same post and its annual cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import finance, hr
from shared.events.base import EventPayload


@dataclass(slots=True)
class _Transfer:
    effective: list[tuple[int, EventRef]] = field(default_factory=list)  # (annual_cost, event)
    moves: list[tuple[int, EventRef]] = field(default_factory=list)  # (full_year_amount, event)


class BudgetMoveMatchesTransfer(ControlCheck):
    name = "budget_move_without_matching_transfer"
    description = (
        "Every BudgetMoved has a TransferEffective of the same transfer, and moves exactly its "
        "annual cost (full_year_amount == annual_cost)."
    )
    events: ClassVar[frozenset[type[EventPayload]]] = frozenset(
        (hr.TransferEffective, finance.BudgetMoved)
    )

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._transfers: dict[tuple[str, str], _Transfer] = {}

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload  # BudgetMoved or TransferEffective
        key = (payload.post_number, payload.transfer_id)
        transfer = self._transfers.get(key)
        if transfer is None:
            transfer = self._transfers[key] = _Transfer()
        if isinstance(payload, finance.BudgetMoved):
            transfer.moves.append((payload.full_year_amount, event.ref))
        else:
            transfer.effective.append((payload.annual_cost, event.ref))

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for (post, transfer_id), transfer in self._transfers.items():
            for amount, move in transfer.moves:
                if not transfer.effective:
                    if self.history_complete:
                        found.append(
                            self.finding(
                                f"post {post}: budget of £{amount} moved for transfer "
                                f"{transfer_id}, which never took effect",
                                move,
                            )
                        )
                    continue
                cost, effective = transfer.effective[-1]
                if cost != amount:
                    found.append(
                        self.finding(
                            f"post {post}: budget moved £{amount} but the transfer "
                            f"{transfer_id} took effect with an annual cost of £{cost}",
                            move,
                            effective,
                        )
                    )
        return found
