"""Events HR publishes about posts and their transfers (topic `hr.posts`, key: post number).

A post is the aggregate: its transfers live in its stream, so every fact about one post
is in order on one partition. Consumed by Finance (transfers) and Workflow (all).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from shared.bounds import CouncilDate, Fte, Pounds
from shared.events import topics
from shared.events.base import EventPayload
from shared.events.personal import PersonalRef, PersonalText, personal_entries

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
    fte: Fte = Field(description="Full-time equivalent.")
    function: str = Field(description="Support function code, e.g. FIN.")
    department: str = Field(description="Department code holding the post today.")
    team: str | None = Field(None, description="Centralised team code, once moved.")
    cost_centre: str = Field(description="Cost centre its cost is charged to.")
    annual_cost: Pounds = Field(description="Salary plus on-costs, whole pounds a year.")
    employee_ref: PersonalRef = Field(
        None, description="Opaque employee reference; None if vacant."
    )
    reports_to: str | None = Field(
        None, description="Post number of the post it reports to (its line manager's post)."
    )


class PostUpdated(PostEvent):
    """A post's details changed or a wrong detail was corrected. HR → Finance, Workflow."""

    EVENT_TYPE: ClassVar[str] = "PostUpdated"

    title: str | None = None
    grade: str | None = None
    fte: Fte | None = None
    cost_centre: str | None = None
    annual_cost: Pounds | None = None
    employee_ref: PersonalRef = None
    vacant: bool | None = Field(None, description="True when the post became vacant.")
    corrects_event_id: str | None = Field(
        None, description="The earlier event this one puts right, when it is a correction."
    )
    reason: PersonalText = Field("", description="Why it changed.")
    scheduled_change_id: str | None = Field(
        None, description="The future-dated change this applies on its date, if it is one."
    )
    live_transfer_id: str | None = Field(
        None, description="The post's transfer under way then: Finance re-checks its budget."
    )


class TransferEvent(PostEvent):
    """Common to every event about one transfer of a post."""

    transfer_id: str = Field(description="Id of the transfer within the post's stream.")


class TransferProposed(TransferEvent):
    """HR proposed moving a post into a centralised team. HR → Finance (budget check), Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferProposed"

    function: str
    from_department: str = Field(description="Department the post leaves.")
    target_team: str = Field(description="Centralised team code the post joins.")
    effective_date: CouncilDate
    reason: PersonalText
    cost_centre: str = Field(description="The department cost centre paying for it today.")
    annual_cost: Pounds
    fte: Fte
    line_manager: str | None = Field(
        None,
        description="Post number it will report to after the move (named, else the team's "
        "head); None when the team had no head, and in events from before reporting lines.",
    )


class EffectiveDateChanged(TransferEvent):
    """The transfer's effective date was changed before approval. HR → Finance, Workflow."""

    EVENT_TYPE: ClassVar[str] = "EffectiveDateChanged"

    previous_effective_date: CouncilDate
    effective_date: CouncilDate
    reason: PersonalText = ""
    line_manager: str | None = Field(
        None,
        description="Post number it will report to after the move, when this change names a "
        "new one (None: the line manager named before stands).",
    )


class ConsultationOpened(TransferEvent):
    """Staff consultation on the transfer opened. HR → Workflow."""

    EVENT_TYPE: ClassVar[str] = "ConsultationOpened"

    opened_on: CouncilDate
    closes_by: CouncilDate = Field(description="Date the consultation is planned to close.")
    exercise_id: str | None = Field(None, description="The consultation exercise it is part of.")


class ConsultationClosed(TransferEvent):
    """Staff consultation closed with an outcome. HR → Workflow."""

    EVENT_TYPE: ClassVar[str] = "ConsultationClosed"

    closed_on: CouncilDate
    outcome: ConsultationOutcome
    notes: PersonalText = ""
    exercise_id: str | None = Field(None, description="The consultation exercise it is part of.")


class TransferApproved(TransferEvent):
    """The transfer was approved (consultation closed, budget passed). HR → Finance, Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferApproved"

    target_team: str
    effective_date: CouncilDate
    decision_reference: str | None = Field(
        None, description="The Cabinet or officer decision's published number, e.g. CAB/2027/14."
    )
    decision_date: CouncilDate | None = Field(None, description="The date of that decision.")
    decision_maker: DecisionMaker | None = Field(None, description="cabinet or officer.")


class TransferRejected(TransferEvent):
    """The transfer was rejected. HR → Finance (release), Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferRejected"

    reason: PersonalText


class TransferEffective(TransferEvent):
    """The post now sits in the centralised team. HR → Finance (move budget), Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferEffective"

    from_department: str
    target_team: str
    effective_date: CouncilDate
    annual_cost: Pounds
    fte: Fte
    cost_centre: str = Field(description="The department cost centre the post leaves.")
    reports_to: str | None = Field(
        None, description="Post number it reports to from the effective date (None: no one)."
    )
    previous_reports_to: str | None = Field(
        None, description="Post number it reported to in its department before the move."
    )


class TransferCancelled(TransferEvent):
    """A transfer not yet effective was cancelled. HR → Finance (release), Workflow."""

    EVENT_TYPE: ClassVar[str] = "TransferCancelled"

    reason: PersonalText
    stage: str = Field(description="Stage the transfer was in when cancelled.")


class PostScopeProposed(PostEvent):
    """HR proposed whether a post is in the programme's scope. HR → Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "PostScopeProposed"

    status: ScopeStatus
    reason: PersonalText = Field("", description="Why; required unless in scope.")


class PostScopeAgreed(PostEvent):
    """The post's department lead agreed HR's scope proposal. HR → Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "PostScopeAgreed"

    status: ScopeStatus
    reason: PersonalText = ""


class PostScopeChallenged(PostEvent):
    """The post's department lead challenged HR's scope proposal, with reasons."""

    EVENT_TYPE: ClassVar[str] = "PostScopeChallenged"

    status: ScopeStatus = Field(description="The status HR had proposed.")
    reason: PersonalText


class ReportingLineChanged(PostEvent):
    """The post now reports to another post (or to none). HR → Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "ReportingLineChanged"

    reports_to: str | None = Field(description="Post number it reports to; None: to no post.")
    previous_reports_to: str | None = Field(None, description="Post it reported to before.")
    reason: PersonalText = Field("", description="Why the line changed.")
    scheduled_change_id: str | None = Field(
        None, description="The future-dated change this applies on its date, if it is one."
    )


class TeamHeadNamed(PostEvent):
    """The post was named head of its central team. HR → Workflow, audit.

    In the head post's stream; a transfer into the team reports to the head by default."""

    EVENT_TYPE: ClassVar[str] = "TeamHeadNamed"

    team: str = Field(description="Central team code the post heads.")
    previous_head: str | None = Field(None, description="Post number of the previous head.")
    reason: PersonalText = ""


class TransferRescinded(TransferEvent):
    """An effective transfer was found to be a mistake and rescinded: the post is back in its
    department, on its old line and budget. HR → Finance (reverse the move), Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "TransferRescinded"

    reason: PersonalText = Field(description="Why the move was a mistake.")
    decided_by: str = Field(description="Who decided to rescind it (a role or reference).")
    from_department: str = Field(description="The department the post is back in.")
    target_team: str = Field(description="The central team it had moved to.")
    effective_date: CouncilDate = Field(description="The effective date of the move rescinded.")
    reports_to: str | None = Field(None, description="The post it reports to again.")


class PostChangeScheduled(PostEvent):
    """HR recorded a change to a post that takes effect on a later date; until then the post
    keeps its values. On the date HR applies it (PostUpdated or ReportingLineChanged naming
    it). HR → Workflow (timeline), audit."""

    EVENT_TYPE: ClassVar[str] = "PostChangeScheduled"

    change_id: str = Field(description="Id of the scheduled change.")
    effective_date: CouncilDate = Field(description="When the change takes effect.")
    changes: dict[str, str | int | float | None] = Field(
        json_schema_extra=personal_entries("employee_ref"),
        description="The details it changes, by name (grade, annual_cost, fte, cost_centre, "
        "reports_to, ...), with their new values.",
    )
    reason: PersonalText = ""


class PostMarkedAtRisk(PostEvent):
    """A delivered redesign candidate proposes ending a filled post: the post is at risk and
    must be consulted on (it counts towards the collective redundancy duty) before it can be
    disestablished. HR → Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "PostMarkedAtRisk"

    candidate_id: str = Field(description="The delivered candidate whose change ends the post.")
    team: str = Field(description="The candidate's centralised team.")
    planned_end: CouncilDate = Field(
        description="When the post is proposed to end: the first dismissal the clock counts to."
    )
    reason: PersonalText = Field(
        description="Why the post is at risk, in the words staff were given."
    )


class PostDisestablished(PostEvent):
    """The post was taken out of the establishment because a delivered candidate no longer
    needs it (a filled post only after its consultation closed). HR → Finance (its budget is
    given up as the candidate's saving), Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "PostDisestablished"

    candidate_id: str = Field(description="The delivered candidate the saving belongs to.")
    team: str = Field(description="The candidate's centralised team, whose saving it is.")
    effective_date: CouncilDate = Field(description="The post's last day in the establishment.")
    function: str
    department: str = Field(description="Department the post came from (its origin).")
    cost_centre: str = Field(
        description="The post's cost centre in HR's register (Finance gives up the line its "
        "budget sits on now, the central team's once moved)."
    )
    annual_cost: int = Field(ge=0, description="Salary plus on-costs a year, given up.")
    fte: float = Field(ge=0, description="Full-time equivalent the establishment loses.")
    was_filled: bool = Field(description="True when someone held the post (after consultation).")
    exercise_id: str | None = Field(
        None, description="The consultation exercise that consulted on it, when it was filled."
    )
    reason: PersonalText = ""


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
    ReportingLineChanged,
    TeamHeadNamed,
    PostChangeScheduled,
    TransferRescinded,
    PostMarkedAtRisk,
    PostDisestablished,
)
