"""A post's journey through the programme, as Workflow understands it from events."""

from __future__ import annotations

from enum import StrEnum


class JourneyStage(StrEnum):
    """Where a post is on its way into a centralised team."""

    IN_DEPARTMENT = "in_department"
    PROPOSED = "proposed"
    IN_CONSULTATION = "in_consultation"
    CONSULTATION_CLOSED = "consultation_closed"
    APPROVED = "approved"
    EFFECTIVE = "effective"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


# The stage each HR event puts a post in.
STAGE_AFTER: dict[str, JourneyStage] = {
    "PostRegistered": JourneyStage.IN_DEPARTMENT,
    "TransferProposed": JourneyStage.PROPOSED,
    "ConsultationOpened": JourneyStage.IN_CONSULTATION,
    "ConsultationClosed": JourneyStage.CONSULTATION_CLOSED,
    "TransferApproved": JourneyStage.APPROVED,
    "TransferEffective": JourneyStage.EFFECTIVE,
    "TransferRejected": JourneyStage.REJECTED,
    "TransferCancelled": JourneyStage.CANCELLED,
}
