"""A rescinded transfer and Finance's reversal of its budget move, paired both ways: every
rescind of a transfer whose budget had moved has its `BudgetMoveReversed`, and every
reversal has its `TransferRescinded`, once, moving back the amount that was moved.

A rescind leaves HR showing the post back in its department; only its reversal puts the
money back. A reversal with no rescind, or a second one, moves money no decision moved.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import finance, hr

Transfer = tuple[str, str]  # (post number, transfer id)


class _RescindsAndReversals(ControlCheck):
    """What both directions keep: each transfer's rescind, amount moved and reversals."""

    events = frozenset((hr.TransferRescinded, finance.BudgetMoved, finance.BudgetMoveReversed))

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._rescinds: dict[Transfer, tuple[datetime, EventRef]] = {}
        self._moved: dict[Transfer, int] = {}  # full-year amount moved
        self._reversals: dict[Transfer, list[tuple[datetime, int, EventRef]]] = {}

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        key = (payload.post_number, payload.transfer_id)
        recorded = event.envelope.recorded_at
        if isinstance(payload, hr.TransferRescinded):
            self._rescinds.setdefault(key, (recorded, event.ref))
        elif isinstance(payload, finance.BudgetMoved):
            self._moved[key] = payload.full_year_amount
        else:
            reversal = (recorded, payload.full_year_amount, event.ref)
            self._reversals.setdefault(key, []).append(reversal)


class RescindHasItsReversal(_RescindsAndReversals):
    name = "rescind_without_budget_reversal"
    description = (
        "Every TransferRescinded of a transfer whose budget had moved is followed by Finance's "
        "BudgetMoveReversed for the same transfer within the policy's grace (24 hours)."
    )

    def findings(self) -> list[Finding]:
        # A reversal still within the grace of when the log is read may not have happened yet.
        now = self.policy.read_at or datetime.now(UTC)
        grace = self.policy.budget_move_grace
        return [
            self.finding(
                f"post {post}: transfer {transfer} was rescinded (recorded "
                f"{recorded:%Y-%m-%d %H:%M}) but Finance never moved its budget of "
                f"£{self._moved[(post, transfer)]:,} back",
                ref,
            )
            for (post, transfer), (recorded, ref) in self._rescinds.items()
            if (post, transfer) in self._moved
            and (post, transfer) not in self._reversals
            and now - recorded > grace
        ]


class ReversalHasItsRescind(_RescindsAndReversals):
    name = "budget_reversal_without_rescind"
    description = (
        "Every BudgetMoveReversed has a TransferRescinded of the same transfer recorded before "
        "it, is the only reversal of that transfer, and moves back the full-year amount moved."
    )

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for (post, transfer), reversals in self._reversals.items():
            rescind = self._rescinds.get((post, transfer))
            moved = self._moved.get((post, transfer))
            for index, (recorded, amount, ref) in enumerate(reversals):
                money = f"post {post}: £{amount:,} moved back for transfer {transfer}"
                if rescind is None:
                    if self.history_complete:
                        found.append(self.finding(f"{money}, which was never rescinded", ref))
                    continue
                if recorded < rescind[0]:
                    found.append(self.finding(f"{money} before it was rescinded", ref, rescind[1]))
                if index > 0:
                    found.append(self.finding(f"{money} a second time", ref, reversals[0][2]))
                if moved is not None and amount != moved:
                    found.append(
                        self.finding(f"{money}, but £{moved:,} had been moved", ref, rescind[1])
                    )
        return found
