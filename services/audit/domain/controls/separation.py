"""Separation of duties and approval limits, held to the log (shared/approval_policy.py):
the same rules HR enforces, found here when they were broken anyway (the policy switched
off, an older HR, or a log written by hand)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck, FindsAsItReads
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.approval_policy import SENIOR_ROLE
from shared.events import hr


class ProposerDidNotApprove(FindsAsItReads):
    name = "approved_by_its_proposer"
    description = (
        "No TransferApproved by the actor whose TransferProposed started the same transfer "
        "(separation of duties)."
    )
    events = frozenset({hr.TransferProposed, hr.TransferApproved})

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._proposed_by: dict[str, tuple[str, EventRef]] = {}  # a post's stream is in order

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        actor = event.envelope.actor.id
        if isinstance(payload, hr.TransferProposed):
            self._proposed_by[payload.transfer_id] = (actor, event.ref)
            return
        proposal = self._proposed_by.get(payload.transfer_id)
        separated = self.policy.approvals.separation_of_duties
        if proposal is None or proposal[0] != actor or not separated:
            return
        self._found.append(
            self.finding(
                f"post {payload.post_number}: transfer {payload.transfer_id} was proposed and "
                f"approved by the same officer, {actor}",
                event.ref,
                proposal[1],
            )
        )


class SeniorApprovedAboveLimit(ControlCheck):
    """A post's annual cost is the one its proposal told; a bulk run is the approvals made
    by one request (one correlation id), whatever their number."""

    name = "approved_above_limit_without_hr_manager"
    description = (
        f"A TransferApproved of a post costing more than the approval limit, or one of a run "
        f"of approvals (one correlation id) costing more than the bulk limit together, was "
        f"made by an actor in the role {SENIOR_ROLE}."
    )
    events = frozenset({hr.TransferProposed, hr.TransferApproved})

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._cost: dict[str, int] = {}
        self._found: list[Finding] = []
        self._runs: dict[str, list[tuple[int, str, EventRef]]] = defaultdict(list)

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        if isinstance(payload, hr.TransferProposed):
            self._cost[payload.transfer_id] = payload.annual_cost
            return
        cost, role = self._cost.get(payload.transfer_id, 0), event.envelope.actor.role
        limits = self.policy.approvals
        self._runs[str(event.envelope.correlation_id)].append((cost, role, event.ref))
        if limits.over_limit(cost) and role != SENIOR_ROLE:
            self._found.append(
                self.finding(
                    f"post {payload.post_number}: transfer {payload.transfer_id} costing "
                    f"£{cost:,} a year (limit £{limits.senior_above:,}) was approved by "
                    f"{event.envelope.actor.id} in the role {role}, not {SENIOR_ROLE}",
                    event.ref,
                )
            )

    def findings(self) -> list[Finding]:
        limits, found = self.policy.approvals, list(self._found)
        for correlation, run in self._runs.items():
            total = sum(cost for cost, _, _ in run)
            juniors = [ref for _, role, ref in run if role != SENIOR_ROLE]
            if len(run) > 1 and limits.bulk_over_limit(total) and juniors:
                message = (
                    f"{len(run)} transfers approved together (correlation {correlation}) cost "
                    f"£{total:,} a year (bulk limit £{limits.bulk_senior_above:,}); "
                    f"{len(juniors)} of them not by an {SENIOR_ROLE}"
                )
                found.append(self.finding(message, *juniors))
        return found
