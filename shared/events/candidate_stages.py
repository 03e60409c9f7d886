"""A redesign candidate's life, the one place: identified → assessed → approved → in delivery
→ delivered, or rejected before delivery starts.

Every producer of redesign events (HR, Finance, Workflow) refuses the same illegal steps
with the same sentence, and Workflow's pipeline reads a candidate's status from its events
through `STATUS_AFTER`, so the producers and the pipeline can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from shared.events import redesign
from shared.events.base import EventPayload


class CandidateStatus(StrEnum):
    """Where a candidate is, in the words every service and report uses."""

    IDENTIFIED = "identified"
    ASSESSED = "assessed"
    APPROVED = "approved"
    IN_DELIVERY = "in_delivery"
    DELIVERED = "delivered"
    REJECTED = "rejected"


STATUS_AFTER: Final[Mapping[type[EventPayload], CandidateStatus]] = {
    redesign.CandidateIdentified: CandidateStatus.IDENTIFIED,
    redesign.CandidateAssessed: CandidateStatus.ASSESSED,
    redesign.CandidateApproved: CandidateStatus.APPROVED,
    redesign.CandidateRejected: CandidateStatus.REJECTED,
    redesign.CandidateDeliveryStarted: CandidateStatus.IN_DELIVERY,
    redesign.CandidateDelivered: CandidateStatus.DELIVERED,
}

# step → (statuses it may be taken from, status it leads to)
STEPS: Final[Mapping[str, tuple[frozenset[CandidateStatus], CandidateStatus]]] = {
    "assess": (
        frozenset({CandidateStatus.IDENTIFIED, CandidateStatus.ASSESSED}),
        CandidateStatus.ASSESSED,
    ),
    "approve": (frozenset({CandidateStatus.ASSESSED}), CandidateStatus.APPROVED),
    "reject": (
        frozenset({CandidateStatus.IDENTIFIED, CandidateStatus.ASSESSED, CandidateStatus.APPROVED}),
        CandidateStatus.REJECTED,
    ),
    "start_delivery": (frozenset({CandidateStatus.APPROVED}), CandidateStatus.IN_DELIVERY),
    "deliver": (frozenset({CandidateStatus.IN_DELIVERY}), CandidateStatus.DELIVERED),
}

_DONE_WORDS: Final = {
    "assess": "assessed",
    "approve": "approved",
    "reject": "rejected",
    "start_delivery": "put into delivery",
    "deliver": "marked delivered",
}


def status_after_step(
    candidate_id: str, current: CandidateStatus | str, step: str
) -> tuple[CandidateStatus | None, str]:
    """(the status after `step`, "") or (None, why the step cannot be taken now)."""
    status = CandidateStatus(current)
    allowed_from, after = STEPS[step]
    if status not in allowed_from:
        return None, (
            f"candidate {candidate_id} is {status.value.replace('_', ' ')}, so it cannot be "
            f"{_DONE_WORDS[step]}"
        )
    return after, ""
