"""The programme office's plan: waves of centralisation (topic `workflow.programme`, key: wave id).

The cabinet report commits the council to "a detailed programme plan ... to identify key
deliverables, milestones and dates" and to report on progress every six months. A wave
(e.g. "Wave 1: Finance and ICT, April 2027") plans when some functions' posts, in some
departments, are consulted on, approved and moved. Re-planning never overwrites: each
`WaveReplanned` is plan version 2, 3, …, and the earlier versions stay on the log.
Published by Workflow; consumed by Workflow (the waves and their progress).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from shared.bounds import CouncilDate, Pounds
from shared.events import topics
from shared.events.base import EventPayload

WaveStatus = Literal["planned", "in_progress", "on_hold", "complete", "cancelled"]


class WaveEvent(EventPayload):
    """Common to every event about one wave."""

    TOPIC: ClassVar[str] = topics.WORKFLOW_PROGRAMME
    AGGREGATE_TYPE: ClassVar[str] = "wave"

    wave_id: str = Field(description="Id of the wave, e.g. W1.")


class WavePlanFields(WaveEvent):
    """The plan of a wave, as a version of it stands."""

    plan_version: int = Field(ge=1, description="1 when planned, then 2, 3… per re-plan.")
    name: str = Field(description="What the programme board calls it.")
    functions: list[str] = Field(description="Support function codes moving in this wave.")
    departments: list[str] = Field(
        description="Department codes whose posts move; empty means every department."
    )
    consultation_starts_on: CouncilDate = Field(description="Planned start of staff consultation.")
    approval_by: CouncilDate = Field(description="Planned date by which the moves are approved.")
    effective_on: CouncilDate = Field(
        description="Planned date the posts are in their central teams."
    )
    target_saving: Pounds = Field(description="Saving the wave should deliver, £ a year.")
    owner_role: str = Field(description="Role accountable for it, e.g. Director of Finance.")
    status: WaveStatus = "planned"
    decision_reference_required: bool = Field(
        False, description="Policy: each approval of the wave's posts names its decision."
    )
    equality_assessment_required: bool = Field(
        False, description="Policy: no approval before the equality impact assessment is done."
    )


class WavePlanned(WavePlanFields):
    """The programme office planned a wave (plan version 1). Workflow → Workflow."""

    EVENT_TYPE: ClassVar[str] = "WavePlanned"


class WaveReplanned(WavePlanFields):
    """The programme office re-planned a wave; the earlier version stays on the log."""

    EVENT_TYPE: ClassVar[str] = "WaveReplanned"

    reason: str = Field(description="Why the plan changed, in the board's words.")


EqualityAssessmentStatus = Literal["not_started", "in_progress", "completed"]


class EqualityImpactAssessmentRecorded(WaveEvent):
    """The wave's equality impact assessment (Equality Act 2010, s.149) was recorded.
    Workflow → Workflow, HR (a wave's policy may require it before approval), audit."""

    EVENT_TYPE: ClassVar[str] = "EqualityImpactAssessmentRecorded"

    status: EqualityAssessmentStatus
    assessed_on: CouncilDate | None = Field(
        None, description="When it was completed or last updated."
    )
    link: str = Field("", description="Where the assessment is published or filed.")
    document_sha256: str | None = Field(None, description="SHA-256 of the assessment document.")


EVENTS: tuple[type[EventPayload], ...] = (
    WavePlanned,
    WaveReplanned,
    EqualityImpactAssessmentRecorded,
)
