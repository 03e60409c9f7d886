"""Process-redesign events: processes reviewed and the candidates found in them.

Each is published by the service whose function owns the process (HR on `hr.redesign`,
Finance on `finance.redesign`, Workflow on `workflow.redesign` for other functions), keyed
by process or candidate id. Consumed by Workflow's redesign pipeline.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import CasesPerYear, CouncilDate, HoursPerYear, MinutesPerCase, Percent, Pounds
from shared.events import topics
from shared.events.base import EventPayload

CandidateKind = Literal["streamline", "automate", "digitise"]

# The producer decides the topic; these events have no fixed one.
REDESIGN_TOPIC_OF_PRODUCER: dict[str, str] = {
    "hr": topics.HR_REDESIGN,
    "finance": topics.FINANCE_REDESIGN,
    "workflow": topics.WORKFLOW_REDESIGN,
}


class ProcessEvent(EventPayload):
    """Common to events about one business process."""

    TOPIC: ClassVar[str] = ""
    TOPIC_OF_PRODUCER: ClassVar[dict[str, str]] = REDESIGN_TOPIC_OF_PRODUCER
    AGGREGATE_TYPE: ClassVar[str] = "process"

    process_id: str


class ProcessRegistered(ProcessEvent):
    """A support function's business process was recorded with its volumes."""

    EVENT_TYPE: ClassVar[str] = "ProcessRegistered"

    function: str
    team: str = Field(description="Centralised team that runs it.")
    name: str
    volume_per_year: CasesPerYear = Field(description="Cases a year.")
    minutes_per_case: MinutesPerCase
    rework_percent: Percent = Field(0, description="Extra effort spent on rework.")
    average_grade_cost: Pounds = Field(description="Average full yearly cost of the grade.")


class SupportNeed(BaseModel):
    """What one department said it needs from the central team for this process."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    department: str = Field(description="Department code, e.g. ASCH.")
    need: str = Field(description="The support it asked for, in its own words.")


class ProcessReviewStarted(ProcessEvent):
    """The central team started reviewing the process, with what departments said they need."""

    EVENT_TYPE: ClassVar[str] = "ProcessReviewStarted"

    team: str
    started_on: CouncilDate
    support_needs: list[SupportNeed] = Field(
        default_factory=list,
        description="What each department said it needs from the central team (may be none).",
    )


class CandidateEvent(EventPayload):
    """Common to events about one redesign candidate."""

    TOPIC: ClassVar[str] = ""
    TOPIC_OF_PRODUCER: ClassVar[dict[str, str]] = REDESIGN_TOPIC_OF_PRODUCER
    AGGREGATE_TYPE: ClassVar[str] = "candidate"

    candidate_id: str


class CandidateIdentified(CandidateEvent):
    """A streamline, automate or digitise opportunity was found in a process review."""

    EVENT_TYPE: ClassVar[str] = "CandidateIdentified"

    process_id: str
    team: str
    kind: CandidateKind
    title: str
    automation_potential_percent: Percent
    ease: int = Field(ge=1, le=5, description="1 = very hard to implement, 5 = very easy.")
    post_numbers: list[str] = Field(default_factory=list, description="Posts whose work changes.")
    departments: list[str] = Field(default_factory=list, description="Departments it touches.")


class CandidateAssessed(CandidateEvent):
    """The candidate was assessed; potential and ease may be revised."""

    EVENT_TYPE: ClassVar[str] = "CandidateAssessed"

    automation_potential_percent: Percent
    ease: int = Field(ge=1, le=5)
    notes: str = ""


class CandidateApproved(CandidateEvent):
    """The candidate was approved for delivery."""

    EVENT_TYPE: ClassVar[str] = "CandidateApproved"


class CandidateRejected(CandidateEvent):
    """The candidate was rejected."""

    EVENT_TYPE: ClassVar[str] = "CandidateRejected"

    reason: str


class CandidateDeliveryStarted(CandidateEvent):
    """Delivery of the candidate started."""

    EVENT_TYPE: ClassVar[str] = "CandidateDeliveryStarted"


class CandidateDelivered(CandidateEvent):
    """The candidate was delivered, with the benefit actually realised."""

    EVENT_TYPE: ClassVar[str] = "CandidateDelivered"

    realised_hours_saved_per_year: HoursPerYear
    realised_money_saved_per_year: Pounds


EVENTS: tuple[type[EventPayload], ...] = (
    ProcessRegistered,
    ProcessReviewStarted,
    CandidateIdentified,
    CandidateAssessed,
    CandidateApproved,
    CandidateRejected,
    CandidateDeliveryStarted,
    CandidateDelivered,
)
