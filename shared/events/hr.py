"""Events HR publishes about posts and their transfers (topic `hr.posts`, key: post number).

A post is the aggregate: its transfers live in its stream, so every fact about one post
is in order on one partition. Consumed by Finance (transfers) and Workflow (all).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field

from shared.events import topics
from shared.events.base import EventPayload

ConsultationOutcome = Literal["agreed", "agreed_with_changes", "not_agreed"]
ScopeStatus = Literal["in_scope", "out_of_scope", "under_review"]
DecisionMaker = Literal["cabinet", "officer"]


class PostEvent(EventPayload):
    """Common to every event in a post's stream."""

    TOPIC: ClassVar[str] = topics.HR_POSTS
    AGGREGATE_TYPE: ClassVar[str] = "post"

    post_number: str = Field(description="The post's number in the establishment.")


class PostRegistered(PostEvent):
    """A post entered the register. Published by HR; consumed by Finance and Workflow."""

    EVENT_TYPE: ClassVar[str] = "PostRegistered"

    title: str = Field(description="Job title of the post.")
    grade: str = Field(description="Pay grade, e.g. 'Grade 8'.")
    fte: float = Field(gt=0, le=1.5, description="Full-time equivalent.")
    function: str = Field(description="Support function code, e.g. FIN.")
    department: str = Field(description="Department code holding the post today.")
    team: str | None = Field(None, description="Centralised team code, once moved.")
    cost_centre: str = Field(description="Cost centre its cost is charged to.")
    annual_cost: int = Field(ge=0, description="Salary plus on-costs, whole pounds a year.")
    employee_ref: str | None = Field(None, description="Opaque employee reference; None if vacant.")


class PostUpdated(PostEvent):
    """A post's details changed or a wrong detail was corrected. HR → Finance, Workflow."""

    EVENT_TYPE: ClassVar[str] = "PostUpdated"

    title: str | None = None
    grade: str | None = None
    fte: float | None = Field(None, gt=0, le=1.5)
    cost_centre: str | None = None
    annual_cost: int | None = Field(None, ge=0)
    employee_ref: str | None = None
    vacant: bool | None = Field(None, description="True when the post became vacant.")
    corrects_event_id: str | None = Field(
        None, description="The earlier event this one puts right, when it is a correction."
    )
    reason: str = Field("", description="Why it changed.")


class TransferEvent(PostEvent):
    """Common to every event about one transfer of a post."""

    transfer_id: str = Field(description="Id of the transfer within the post's stream.")


class TransferProposed(TransferEvent):
    """HR proposed moving a post into a centralised team. HR → Finance (budget check), Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferProposed"

    function: str
    from_department: str = Field(description="Department the post leaves.")
    target_team: str = Field(description="Centralised team code the post joins.")
    effective_date: date
    reason: str
    cost_centre: str = Field(description="The department cost centre paying for it today.")
    annual_cost: int = Field(ge=0)
    fte: float


class EffectiveDateChanged(TransferEvent):
    """The transfer's effective date was changed before approval. HR → Finance, Workflow."""

    EVENT_TYPE: ClassVar[str] = "EffectiveDateChanged"

    previous_effective_date: date
    effective_date: date
    reason: str = ""


class ConsultationOpened(TransferEvent):
    """Staff consultation on the transfer opened. HR → Workflow."""

    EVENT_TYPE: ClassVar[str] = "ConsultationOpened"

    opened_on: date
    closes_by: date = Field(description="Date the consultation is planned to close.")
    exercise_id: str | None = Field(None, description="The consultation exercise it is part of.")


class ConsultationClosed(TransferEvent):
    """Staff consultation closed with an outcome. HR → Workflow."""

    EVENT_TYPE: ClassVar[str] = "ConsultationClosed"

    closed_on: date
    outcome: ConsultationOutcome
    notes: str = ""
    exercise_id: str | None = Field(None, description="The consultation exercise it is part of.")


class TransferApproved(TransferEvent):
    """The transfer was approved (consultation closed, budget passed). HR → Finance, Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferApproved"

    target_team: str
    effective_date: date
    decision_reference: str | None = Field(
        None, description="The Cabinet or officer decision's published number, e.g. CAB/2027/14."
    )
    decision_date: date | None = Field(None, description="The date of that decision.")
    decision_maker: DecisionMaker | None = Field(None, description="cabinet or officer.")


class TransferRejected(TransferEvent):
    """The transfer was rejected. HR → Finance (release), Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferRejected"

    reason: str


class TransferEffective(TransferEvent):
    """The post now sits in the centralised team. HR → Finance (move budget), Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferEffective"

    from_department: str
    target_team: str
    effective_date: date
    annual_cost: int = Field(ge=0)
    fte: float
    cost_centre: str = Field(description="The department cost centre the post leaves.")


class TransferCancelled(TransferEvent):
    """A transfer not yet effective was cancelled. HR → Finance (release), Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferCancelled"

    reason: str
    stage: str = Field(description="Stage the transfer was in when cancelled.")


class PostScopeProposed(PostEvent):
    """HR proposed whether a post is in the programme's scope. HR → Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "PostScopeProposed"

    status: ScopeStatus
    reason: str = Field("", description="Why; required unless in scope.")


class PostScopeAgreed(PostEvent):
    """The post's department lead agreed HR's scope proposal. HR → Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "PostScopeAgreed"

    status: ScopeStatus
    reason: str = ""


class PostScopeChallenged(PostEvent):
    """The post's department lead challenged HR's scope proposal, with reasons."""

    EVENT_TYPE: ClassVar[str] = "PostScopeChallenged"

    status: ScopeStatus = Field(description="The status HR had proposed.")
    reason: str


EVENTS: tuple[type[EventPayload], ...] = (
    PostRegistered,
    PostUpdated,
    TransferProposed,
    EffectiveDateChanged,
    ConsultationOpened,
    ConsultationClosed,
    TransferApproved,
    TransferRejected,
    TransferEffective,
    TransferCancelled,
    PostScopeProposed,
    PostScopeAgreed,
    PostScopeChallenged,
)
