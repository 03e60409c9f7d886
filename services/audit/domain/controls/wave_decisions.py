"""Approvals obeyed their wave's policy: a decision reference where the wave required one,
and a completed equality impact assessment before approval where the wave required that.

The policy in force is the wave's latest plan version recorded before the approval; the
assessment, its latest record before the approval. Both are decided at the end (log order
is not time order across topics). A replay limited by `--post` or `--department` leaves the
waves out (they name neither), and with them these checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import hr, programme

CLOSED = frozenset({"complete", "cancelled"})


@dataclass(frozen=True, slots=True, kw_only=True)
class _Approval:
    post: str
    recorded: datetime
    has_reference: bool
    ref: EventRef


class _WavePolicyCheck(ControlCheck):
    """Keeps the waves' plan versions, assessments, posts and approvals; subclasses judge."""

    events = frozenset({hr.PostRegistered, hr.TransferApproved, *programme.EVENTS})

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._plans: dict[str, list[tuple[datetime, Any]]] = {}
        self._assessments: dict[str, list[tuple[datetime, str]]] = {}
        self._posts: dict[str, tuple[str, str]] = {}
        self._approvals: list[_Approval] = []

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        recorded = event.envelope.recorded_at
        if isinstance(payload, hr.PostRegistered):
            self._posts[payload.post_number] = (payload.function, payload.department)
        elif isinstance(payload, hr.TransferApproved):
            has_reference = bool(payload.decision_reference)
            self._approvals.append(_Approval(
                post=payload.post_number, recorded=recorded, has_reference=has_reference,
                ref=event.ref,
            ))  # fmt: skip
        elif isinstance(payload, programme.EqualityImpactAssessmentRecorded):
            self._assessments.setdefault(payload.wave_id, []).append((recorded, payload.status))
        else:
            self._plans.setdefault(payload.wave_id, []).append((recorded, payload))

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for approval in self._approvals:
            function, department = self._posts.get(approval.post, (None, None))
            for wave_id, versions in sorted(self._plans.items()):
                plan = _latest_before(versions, approval.recorded)
                if plan is None or plan.status in CLOSED or function not in plan.functions:
                    continue
                if plan.departments and department not in plan.departments:
                    continue
                words = self.judge(approval, wave_id, plan)
                if words:
                    found.append(self.finding(words, approval.ref))
        return found

    def judge(self, approval: _Approval, wave_id: str, plan: Any) -> str | None:
        """Why this approval broke the wave's policy, or None."""
        raise NotImplementedError

    def assessment_before(self, wave_id: str, when: datetime) -> str:
        return _latest_before(self._assessments.get(wave_id, []), when) or "not_started"


class ApprovalNamedItsDecision(_WavePolicyCheck):
    name = "approval_without_decision_reference"
    description = (
        "Every TransferApproved of a post in a wave whose policy required a decision reference "
        "named its Cabinet or officer decision."
    )

    def judge(self, approval: _Approval, wave_id: str, plan: Any) -> str | None:
        if plan.decision_reference_required and not approval.has_reference:
            return (
                f"post {approval.post}: approved without a decision reference, though "
                f"{plan.name} ({wave_id}) required one"
            )
        return None


class ApprovalAfterEqualityAssessment(_WavePolicyCheck):
    name = "approval_before_equality_assessment"
    description = (
        "Every TransferApproved of a post in a wave whose policy required an equality impact "
        "assessment came after the assessment was recorded completed."
    )

    def judge(self, approval: _Approval, wave_id: str, plan: Any) -> str | None:
        status = self.assessment_before(wave_id, approval.recorded)
        if plan.equality_assessment_required and status != "completed":
            return (
                f"post {approval.post}: approved while {plan.name} ({wave_id})'s equality "
                f"impact assessment was {status.replace('_', ' ')}"
            )
        return None


def _latest_before(versions: list[tuple[datetime, Any]], when: datetime) -> Any:
    earlier = [value for recorded, value in versions if recorded <= when]
    return earlier[-1] if earlier else None
