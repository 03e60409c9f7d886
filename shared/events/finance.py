"""Events Finance publishes about budgets and savings.

Budget events are in a post's budget stream (topic `finance.budgets`, key: post number);
savings events are per centralised team (topic `finance.savings`, key: team code).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from shared.bounds import CouncilDate, Pounds
from shared.events import topics
from shared.events.base import EventPayload

BudgetFailureReason = Literal["no_budget_line", "cost_above_line", "cost_centre_frozen"]


class PostBudgetEvent(EventPayload):
    """Common to every event about the budget behind one post's transfer."""

    TOPIC: ClassVar[str] = topics.FINANCE_BUDGETS
    AGGREGATE_TYPE: ClassVar[str] = "post_budget"

    post_number: str
    transfer_id: str


class BudgetCheckPassed(PostBudgetEvent):
    """The moving post is funded. Finance → HR (may approve), Workflow."""

    EVENT_TYPE: ClassVar[str] = "BudgetCheckPassed"

    cost_centre: str
    annual_cost: Pounds
    headroom: int = Field(description="Budget left on the line after this post, pounds.")


class BudgetCheckFailed(PostBudgetEvent):
    """The moving post is not funded; approval is blocked. Finance → HR, Workflow."""

    EVENT_TYPE: ClassVar[str] = "BudgetCheckFailed"

    cost_centre: str
    reason_code: BudgetFailureReason
    reason: str = Field(description="Why, in words a finance or HR officer understands.")


class BudgetReserved(PostBudgetEvent):
    """The post's budget is held for the approved transfer. Finance → Workflow."""

    EVENT_TYPE: ClassVar[str] = "BudgetReserved"

    cost_centre: str
    amount: Pounds = Field(description="Full-year amount reserved, pounds.")


class BudgetMoved(PostBudgetEvent):
    """Budget moved from the department to the central team. Finance → Workflow."""

    EVENT_TYPE: ClassVar[str] = "BudgetMoved"

    from_cost_centre: str
    to_cost_centre: str
    effective_date: CouncilDate
    financial_year: str = Field(description="e.g. '2026/27' (April to March).")
    full_year_amount: Pounds
    amount_this_year: int = Field(
        ge=0, description="Pro-rated from the effective date to 31 March."
    )


class BudgetMoveReversed(PostBudgetEvent):
    """A budget move was undone because HR rescinded the transfer: the same amounts go back
    from the central team to the department. Finance → Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "BudgetMoveReversed"

    from_cost_centre: str = Field(description="The central cost centre the money leaves.")
    to_cost_centre: str = Field(description="The department cost centre it returns to.")
    effective_date: CouncilDate = Field(description="The effective date of the move reversed.")
    financial_year: str = Field(description="e.g. '2026/27': the year of the move.")
    full_year_amount: Pounds
    amount_this_year: Pounds = Field(description="The pro-rated amount that had moved.")
    reason: str = ""


class BudgetReleased(PostBudgetEvent):
    """A reservation was released (transfer cancelled or rejected). Finance → Workflow."""

    EVENT_TYPE: ClassVar[str] = "BudgetReleased"

    cost_centre: str
    amount: Pounds
    reason: str


class TeamSavingsEvent(EventPayload):
    """Common to savings events of one centralised team."""

    TOPIC: ClassVar[str] = topics.FINANCE_SAVINGS
    AGGREGATE_TYPE: ClassVar[str] = "team_savings"

    team: str = Field(description="Centralised team code.")
    financial_year: str


class SavingsTargetSet(TeamSavingsEvent):
    """Finance set (or reset) a team's savings target. Finance → Workflow."""

    EVENT_TYPE: ClassVar[str] = "SavingsTargetSet"

    amount: Pounds


class SavingsRealised(TeamSavingsEvent):
    """Finance recorded savings a team has actually delivered. Finance → Workflow."""

    EVENT_TYPE: ClassVar[str] = "SavingsRealised"

    amount: int = Field(gt=0)
    candidate_id: str | None = Field(None, description="The redesign candidate, if any.")
    description: str = ""
    post_number: str | None = Field(
        None, description="The disestablished post whose budget this saving is, if it is one."
    )


class CentralBudgetReduced(TeamSavingsEvent):
    """Finance reduced a central team's budget line by a saving a delivered candidate
    realised (cashable: the money is given up). Finance → Workflow."""

    EVENT_TYPE: ClassVar[str] = "CentralBudgetReduced"

    cost_centre: str = Field(description="The central team's cost centre, e.g. CEN-FIN-01.")
    amount: int = Field(gt=0)
    candidate_id: str = Field(description="The candidate whose saving this is.")
    post_number: str | None = Field(
        None, description="The disestablished post whose budget came off the line, if one did."
    )


class ProgrammeSavingsTargetSet(EventPayload):
    """Finance set (or reset) a department's or the whole programme's savings target for a
    financial year. Finance → Workflow."""

    EVENT_TYPE: ClassVar[str] = "ProgrammeSavingsTargetSet"
    TOPIC: ClassVar[str] = topics.FINANCE_SAVINGS
    AGGREGATE_TYPE: ClassVar[str] = "programme_savings"

    department: str | None = Field(
        None, description="Department code whose posts and processes the savings come from; "
        "none for the programme-wide target."
    )  # fmt: skip
    financial_year: str
    amount: Pounds


EVENTS: tuple[type[EventPayload], ...] = (
    BudgetCheckPassed,
    BudgetCheckFailed,
    BudgetReserved,
    BudgetMoved,
    BudgetReleased,
    SavingsTargetSet,
    SavingsRealised,
    BudgetMoveReversed,
    ProgrammeSavingsTargetSet,
    CentralBudgetReduced,
)
