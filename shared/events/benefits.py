"""Benefits-register events: each candidate's benefit case, its health and what it realised.

Published by Workflow on `workflow.redesign` (the programme office keeps one register across
every function, so double counting can be refused in one place), keyed by candidate id in a
`benefit` stream of its own. Consumed by Workflow's redesign pipeline and savings view.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.bounds import CouncilDate, Pounds
from shared.events import topics
from shared.events.base import EventPayload

BenefitHealth = Literal["on_track", "on_hold", "at_risk", "delayed"]
YEAR = r"^\d{4}/\d{2}$"


class ExpectedBenefit(BaseModel):
    """What the candidate is expected to give in one financial year."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    financial_year: str = Field(pattern=YEAR, description="April to March, e.g. 2026/27.")
    cashable_money: Pounds = Field(description="Pounds the budget can be reduced by.")
    hours_freed: float = Field(ge=0, description="Non-cashable: staff hours given back.")


class BenefitEvent(EventPayload):
    """Common to events about one candidate's benefit case."""

    TOPIC: ClassVar[str] = topics.WORKFLOW_REDESIGN
    AGGREGATE_TYPE: ClassVar[str] = "benefit"

    candidate_id: str


class BenefitCaseRecorded(BenefitEvent):
    """A candidate's benefit case was recorded in the register (or restated in full)."""

    EVENT_TYPE: ClassVar[str] = "BenefitCaseRecorded"

    owner_role: str = Field(description="The role or post that owns the benefit, not a name.")
    baseline_measure: str = Field(description="What is measured, e.g. hours a year on invoices.")
    baseline_value: float = Field(ge=0)
    baseline_date: CouncilDate
    profile: list[ExpectedBenefit] = Field(description="Expected benefit by financial year.")
    one_off_cost: Pounds = Field(description="One-off delivery cost, pounds.")
    running_cost_per_year: Pounds = Field(description="Running cost a year, pounds.")
    post_numbers: list[str] = Field(
        default_factory=list, description="Posts whose cost this benefit claims (no other may)."
    )


class BenefitHealthChanged(BenefitEvent):
    """The benefit's delivery health changed: on track, on hold, at risk or delayed."""

    EVENT_TYPE: ClassVar[str] = "BenefitHealthChanged"

    health: BenefitHealth
    reason: str = ""


class BenefitMeasured(BenefitEvent):
    """A realised benefit of a delivered candidate was measured for a financial year."""

    EVENT_TYPE: ClassVar[str] = "BenefitMeasured"

    measured_on: CouncilDate
    financial_year: str = Field(pattern=YEAR)
    cashable_money: Pounds
    hours_freed: float = Field(ge=0)
    note: str = ""


class FteReleased(BenefitEvent):
    """A delivered candidate released staff time as FTE: from one post it claims, or from its
    team as a whole (a disestablished post's FTE is released by `PostDisestablished`, never
    here). Workflow → Workflow (savings, benefits register, golden thread)."""

    EVENT_TYPE: ClassVar[str] = "FteReleased"

    team: str = Field(description="The candidate's centralised team.")
    released_on: CouncilDate
    financial_year: str = Field(pattern=YEAR, description="The year of `released_on`.")
    fte: float = Field(gt=0, description="Full-time equivalent released.")
    post_number: str | None = Field(None, description="The post it comes from; none: the team.")
    note: str = ""


EVENTS: tuple[type[EventPayload], ...] = (
    BenefitCaseRecorded,
    BenefitHealthChanged,
    BenefitMeasured,
    FteReleased,
)
