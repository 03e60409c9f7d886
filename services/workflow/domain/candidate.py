"""Which candidates count towards savings, and which functions' redesign Workflow publishes.

The lifecycle itself (statuses, steps, the refusal sentence) lives once, in
`shared.events.candidate_stages`, shared with HR and Finance.
"""

from __future__ import annotations

from services.workflow.domain.errors import CandidateStepNotAllowed, NotWorkflowsToChange
from shared.events.candidate_stages import STATUS_AFTER, CandidateStatus, status_after_step

__all__ = ["COMMITTED", "STATUS_AFTER", "CandidateStatus", "check_step"]

# Approved and later: the candidate's estimate counts towards a team's savings.
COMMITTED = frozenset(
    {CandidateStatus.APPROVED, CandidateStatus.IN_DELIVERY, CandidateStatus.DELIVERED}
)

# Functions whose own service publishes process-redesign events.
FUNCTIONS_WITH_OWN_PUBLISHER: dict[str, str] = {"HR": "HR", "FIN": "Finance"}


def check_step(candidate_id: str, status: str, step: str) -> None:
    """Refuse a step the candidate's status does not allow."""
    after, refusal = status_after_step(candidate_id, status, step)
    if after is None:
        raise CandidateStepNotAllowed(refusal)


def check_workflow_may_publish(function: str) -> None:
    """Workflow publishes redesign events only for functions whose service publishes none."""
    owner = FUNCTIONS_WITH_OWN_PUBLISHER.get(function)
    if owner is not None:
        raise NotWorkflowsToChange(
            f"{owner} processes and their candidates are recorded by the {owner} service"
        )
