"""What HR's API accepts. Validation errors are 422s that name the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from services.hr.application.bulk_commands import BulkAction
from shared.bounds import CouncilDate, Fte, PostNumber, Pounds
from shared.free_text import HonestText
from shared.reference import department_code, function_code, team_code


def _known(lookup: Callable[[str], str | None], what: str) -> AfterValidator:
    """Accept a code or a full name, as its code; refuse anything else as not `what`."""

    def to_code(value: str) -> str:
        code = lookup(value)
        if code is None:
            raise ValueError(f"{value!r} is not {what}")
        return code

    return AfterValidator(to_code)


Department = Annotated[
    str, _known(department_code, "a council department (e.g. CS, ASCH, PLACE, CST)")
]
Function = Annotated[str, _known(function_code, "a support function (e.g. FIN, HR, ICT)")]
CentralTeam = Annotated[str, _known(team_code, "a central team (e.g. HR, PPM, Central HR)")]
Outcome = Literal["agreed", "agreed_with_changes", "not_agreed"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PostIn(Strict):
    post_number: PostNumber
    title: str = Field(min_length=1, max_length=200)
    grade: str = Field(min_length=1, max_length=40)
    fte: Fte
    function: Function
    department: Department
    cost_centre: str = Field(min_length=1, max_length=40)
    annual_cost: Pounds
    employee_ref: str | None = Field(None, max_length=40)
    employee_name: str | None = Field(None, max_length=200)
    employee_email: str | None = Field(None, max_length=200)
    team: CentralTeam | None = Field(
        None, description="The central team the post already sits in (its function's)."
    )
    reports_to: PostNumber | None = Field(None, description="The post it reports to.")


class PostChangeIn(Strict):
    """Changed details only; `corrects_event_id` when putting a wrong fact right."""

    title: str | None = Field(None, min_length=1, max_length=200)
    grade: str | None = Field(None, min_length=1, max_length=40)
    fte: Fte | None = None
    cost_centre: str | None = Field(None, min_length=1, max_length=40)
    annual_cost: Pounds | None = None
    employee_ref: str | None = Field(None, min_length=1, max_length=40)
    employee_name: str | None = Field(None, max_length=200)
    employee_email: str | None = Field(None, max_length=200)
    vacant: bool = Field(False, description="True: the post became vacant.")
    reason: HonestText = Field(min_length=1, max_length=2000)
    effective_date: CouncilDate | None = None
    corrects_event_id: str | None = Field(None, pattern=r"^[0-9a-fA-F-]{36}$")


class ProposalIn(Strict):
    target_team: str | None = Field(
        None, min_length=1, description="Central team name or code; default: the post's own."
    )
    effective_date: CouncilDate
    reason: HonestText = Field(min_length=1, max_length=2000)
    line_manager: PostNumber | None = Field(
        None, description="The post in the team it reports to after the move; default: the head."
    )


class ReportingLineIn(Strict):
    reports_to: PostNumber | None = Field(description="The post it reports to; null: none.")
    reason: HonestText = Field(min_length=1, max_length=2000)
    effective_date: CouncilDate | None = Field(None, description="Default: today.")


class TeamHeadIn(Strict):
    post_number: PostNumber
    reason: HonestText = Field("", max_length=2000)


class EffectiveDateIn(Strict):
    effective_date: CouncilDate
    reason: HonestText = Field("", max_length=2000)
    line_manager: PostNumber | None = Field(
        None, description="A new post in the team to report to after the move; null: as named."
    )


class OpenConsultationIn(Strict):
    closes_by: CouncilDate
    opened_on: CouncilDate | None = Field(None, description="Default: today.")


class CloseConsultationIn(Strict):
    outcome: Outcome
    notes: HonestText = Field("", max_length=5000)
    closed_on: CouncilDate | None = Field(None, description="Default: today.")


class DecisionIn(Strict):
    """The Cabinet or officer decision an approval rests on (optional unless a wave asks)."""

    decision_reference: str | None = Field(None, min_length=1, max_length=60)
    decision_date: CouncilDate | None = None
    decision_maker: Literal["cabinet", "officer"] | None = None


class ReasonIn(Strict):
    reason: HonestText = Field(min_length=1, max_length=2000)


class RescindIn(Strict):
    reason: HonestText = Field(min_length=1, max_length=2000)
    decided_by: HonestText = Field(
        min_length=1, max_length=200, description="Who decided (a role or reference)."
    )


class PostFilter(Strict):
    department: Department
    function: Function


class BulkRowIn(Strict):
    """One row with values of its own (date changes, rejections, cancellations)."""

    post_number: PostNumber
    effective_date: CouncilDate | None = None
    reports_to: PostNumber | None = Field(None, description="Line manager after the move.")
    reason: HonestText = Field("", max_length=2000)


class BulkTransfersIn(Strict):
    """Rows from exactly one of: post_numbers, rows, csv, filter, rerun_failed_of."""

    action: BulkAction
    post_numbers: list[PostNumber] | None = Field(None, max_length=200_000)
    rows: list[BulkRowIn] | None = Field(
        None,
        max_length=200_000,
        description="Rows with their own values (date changes, "
        "rejections, cancellations); empty values take the run's.",
    )
    csv: str | None = Field(
        None,
        description="CSV text with a post_number column; date changes, rejections and "
        "cancellations may add effective_date, reports_to and reason columns.",
    )
    filter: PostFilter | None = None
    rerun_failed_of: str | None = Field(None, description="Id of an earlier bulk run.")
    simulate: bool = False
    target_team: str | None = None
    effective_date: CouncilDate | None = None
    reason: HonestText = Field("", max_length=2000)
    opened_on: CouncilDate | None = None
    closes_by: CouncilDate | None = None
    closed_on: CouncilDate | None = None
    outcome: Outcome | None = None
    notes: HonestText = Field("", max_length=5000)
    decision_reference: str | None = Field(None, min_length=1, max_length=60)
    decision_date: CouncilDate | None = None
    decision_maker: Literal["cabinet", "officer"] | None = None
