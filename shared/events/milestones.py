"""Milestones Workflow publishes for department leads (topic `workflow.milestones`).

Each is published once. Keyed by post number, or by team code for `TeamCentralised` and
`TeamCentralisationWithdrawn`.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from shared.bounds import CouncilDate
from shared.events import topics
from shared.events.base import EventPayload


class PostMilestone(EventPayload):
    """Common to milestones about one post."""

    TOPIC: ClassVar[str] = topics.WORKFLOW_MILESTONES
    AGGREGATE_TYPE: ClassVar[str] = "post_journey"

    post_number: str
    transfer_id: str


class PostMoveCompleted(PostMilestone):
    """The post's transfer is effective and its budget moved. Workflow → leads."""

    EVENT_TYPE: ClassVar[str] = "PostMoveCompleted"

    team: str
    from_department: str
    effective_date: CouncilDate
    annual_cost: int


class PostMoveWithdrawn(PostMilestone):
    """A post move announced as completed was rescinded by HR: this corrects that milestone
    (which stays in the log as it was). Workflow → leads."""

    EVENT_TYPE: ClassVar[str] = "PostMoveWithdrawn"

    corrects_event_id: str = Field(description="The PostMoveCompleted this corrects.")
    team: str = Field(description="The central team the post had moved to.")
    from_department: str = Field(description="The department the post is back in.")
    effective_date: CouncilDate = Field(description="The effective date of the move withdrawn.")


class TransferStalled(PostMilestone):
    """A transfer stayed in one stage longer than the configured limit. Workflow → leads."""

    EVENT_TYPE: ClassVar[str] = "TransferStalled"

    stage: str
    since: CouncilDate = Field(description="Date the transfer entered the stage (or became due).")
    days_in_stage: int
    limit_days: int


class TeamCentralised(EventPayload):
    """Every post of a support function has moved into its central team. Workflow → leads."""

    TOPIC: ClassVar[str] = topics.WORKFLOW_MILESTONES
    AGGREGATE_TYPE: ClassVar[str] = "team"
    EVENT_TYPE: ClassVar[str] = "TeamCentralised"

    team: str
    function: str
    posts_moved: int
    completed_on: CouncilDate
    after_withdrawal_event_id: str | None = Field(
        None,
        description="When the team is centralised again after a TeamCentralisationWithdrawn: "
        "that withdrawal's event id (None: the first time).",
    )


class TeamCentralisationWithdrawn(EventPayload):
    """A team announced as fully centralised is no longer: HR rescinded a move into it. This
    corrects that TeamCentralised (which stays in the log as it was). Workflow → leads."""

    TOPIC: ClassVar[str] = topics.WORKFLOW_MILESTONES
    AGGREGATE_TYPE: ClassVar[str] = "team"
    EVENT_TYPE: ClassVar[str] = "TeamCentralisationWithdrawn"

    corrects_event_id: str = Field(description="The TeamCentralised this corrects.")
    team: str
    function: str
    post_number: str = Field(description="The post whose move was rescinded.")
    transfer_id: str = Field(description="The rescinded transfer.")
    effective_date: CouncilDate = Field(description="The effective date of the move rescinded.")
    posts_to_move: int = Field(ge=1, description="The function's posts not in the team now.")


class WaveSlipped(EventPayload):
    """A wave's planned date passed with its milestone not reached. Workflow → leads."""

    TOPIC: ClassVar[str] = topics.WORKFLOW_MILESTONES
    AGGREGATE_TYPE: ClassVar[str] = "wave_progress"
    EVENT_TYPE: ClassVar[str] = "WaveSlipped"

    wave_id: str
    wave_name: str
    plan_version: int = Field(description="The plan version whose date was missed.")
    milestone: str = Field(description="consultation_started, approved or moved.")
    planned_on: CouncilDate
    posts_reached: int = Field(description="Posts of the wave that had reached it.")
    posts_in_wave: int
    departments: list[str] = Field(description="Departments whose leads hear of it.")


EVENTS: tuple[type[EventPayload], ...] = (
    PostMoveCompleted,
    TransferStalled,
    TeamCentralised,
    PostMoveWithdrawn,
    WaveSlipped,
    TeamCentralisationWithdrawn,
)
