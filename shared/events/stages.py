"""The stages of a transfer and the HR event that puts a transfer in each: the one place.

Workflow's tracker and the auditors' establishment both read a post's stage from its
events through `STAGE_AFTER`, so the two can never disagree about what a stage is called.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from shared.events import hr
from shared.events.base import EventPayload


class TransferStage(StrEnum):
    """Where a post's current transfer is, in the words every service and report uses."""

    PROPOSED = "proposed"
    IN_CONSULTATION = "in_consultation"
    CONSULTATION_CLOSED = "consultation_closed"
    APPROVED = "approved"
    EFFECTIVE = "effective"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    RESCINDED = "rescinded"  # was effective, then found to be a mistake


# The stage each HR event puts its transfer in. The other post events (registered, updated,
# effective date changed) leave the stage where it was.
STAGE_AFTER: Final[Mapping[type[EventPayload], TransferStage]] = {
    hr.TransferProposed: TransferStage.PROPOSED,
    hr.ConsultationOpened: TransferStage.IN_CONSULTATION,
    hr.ConsultationClosed: TransferStage.CONSULTATION_CLOSED,
    hr.TransferApproved: TransferStage.APPROVED,
    hr.TransferEffective: TransferStage.EFFECTIVE,
    hr.TransferRejected: TransferStage.REJECTED,
    hr.TransferCancelled: TransferStage.CANCELLED,
    hr.TransferRescinded: TransferStage.RESCINDED,
}
