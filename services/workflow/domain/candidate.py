"""A redesign candidate's status, and which steps Workflow's own API may take from each."""

from __future__ import annotations

from enum import StrEnum

from services.workflow.domain.errors import CandidateStepNotAllowed, NotWorkflowsToChange
from shared.events import redesign
from shared.events.base import EventPayload


class CandidateStatus(StrEnum):
    """identified → assessed → approved → in delivery → delivered, or rejected."""

    IDENTIFIED = "identified"
    ASSESSED = "assessed"
    APPROVED = "approved"
    IN_DELIVERY = "in_delivery"
    DELIVERED = "delivered"
    REJECTED = "rejected"


STATUS_AFTER: dict[type[EventPayload], CandidateStatus] = {
    redesign.CandidateIdentified: CandidateStatus.IDENTIFIED,
    redesign.CandidateAssessed: CandidateStatus.ASSESSED,
    redesign.CandidateApproved: CandidateStatus.APPROVED,
    redesign.CandidateRejected: CandidateStatus.REJECTED,
    redesign.CandidateDeliveryStarted: CandidateStatus.IN_DELIVERY,
    redesign.CandidateDelivered: CandidateStatus.DELIVERED,
}

# Approved and later: the candidate's estimate counts towards a team's savings.
COMMITTED = frozenset(
    {CandidateStatus.APPROVED, CandidateStatus.IN_DELIVERY, CandidateStatus.DELIVERED}
)

# step → statuses it may be taken from
ALLOWED_FROM: dict[str, frozenset[CandidateStatus]] = {
    "assess": frozenset({CandidateStatus.IDENTIFIED, CandidateStatus.ASSESSED}),
    "approve": frozenset({CandidateStatus.ASSESSED}),
    "reject": frozenset(
        {CandidateStatus.IDENTIFIED, CandidateStatus.ASSESSED, CandidateStatus.APPROVED}
    ),
    "start_delivery": frozenset({CandidateStatus.APPROVED}),
    "deliver": frozenset({CandidateStatus.IN_DELIVERY}),
}

# Functions whose own service publishes process-redesign events.
FUNCTIONS_WITH_OWN_PUBLISHER: dict[str, str] = {"HR": "HR", "FIN": "Finance"}


def check_step(candidate_id: str, status: str, step: str) -> None:
    """Refuse a step the candidate's status does not allow."""
    allowed = ALLOWED_FROM[step]
    if CandidateStatus(status) not in allowed:
        words = " or ".join(sorted(s.value for s in allowed))
        raise CandidateStepNotAllowed(
            f"candidate {candidate_id} is {status}; it can {step.replace('_', ' ')} "
            f"only when {words}"
        )


def check_workflow_may_publish(function: str) -> None:
    """Workflow publishes redesign events only for functions whose service publishes none."""
    owner = FUNCTIONS_WITH_OWN_PUBLISHER.get(function)
    if owner is not None:
        raise NotWorkflowsToChange(
            f"{owner} processes and their candidates are recorded by the {owner} service"
        )
