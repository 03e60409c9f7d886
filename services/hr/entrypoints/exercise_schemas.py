"""What HR's API accepts for consultation exercises and scope decisions."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from services.hr.entrypoints.schemas import Department, Function, Outcome, Strict
from shared.bounds import CouncilDate, PostNumber
from shared.free_text import HonestText


class SelectionIn(Strict):
    """A whole department, a whole function across departments, or one function in one."""

    department: Department | None = None
    function: Function | None = None


class ExerciseIn(Strict):
    """Posts by number, or a selection; `at_risk_post_numbers` are proposed as redundant."""

    purpose: str = Field(min_length=1, max_length=2000)
    post_numbers: list[PostNumber] | None = Field(None, max_length=20_000)
    selection: SelectionIn | None = None
    opened_on: CouncilDate | None = Field(None, description="Default: today; never after today.")
    proposed_close: CouncilDate
    representatives: list[str] = Field(default_factory=list, max_length=50)
    at_risk_post_numbers: list[PostNumber] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_way_of_choosing_posts(self) -> ExerciseIn:
        if (self.post_numbers is None) == (self.selection is None):
            raise ValueError("give either post_numbers or a selection (department, function)")
        return self


class DocumentIn(Strict):
    title: str = Field(min_length=1, max_length=300)
    version: str = Field(min_length=1, max_length=40)
    link: str = Field("", max_length=2000)
    sha256: str = Field("", pattern=r"^([0-9a-f]{64})?$")
    shared_on: CouncilDate | None = Field(None, description="Default: today.")


class QuestionIn(Strict):
    asked_by: HonestText = Field(
        min_length=1,
        max_length=200,
        description="A staff reference or 'representative of <union>'.",
    )
    question: HonestText = Field(min_length=1, max_length=5000)


class AnswerIn(Strict):
    answer: HonestText = Field(min_length=1, max_length=5000)


class ExtendIn(Strict):
    proposed_close: CouncilDate
    reason: HonestText = Field(min_length=1, max_length=2000)


class CloseExerciseIn(Strict):
    outcome: Outcome
    notes: HonestText = Field("", max_length=5000)
    closed_on: CouncilDate | None = Field(None, description="Default: today.")


class DecisionIn(Strict):
    decision: Literal["proceed", "withdraw", "revise_and_reconsult"]
    reason: HonestText = Field(min_length=1, max_length=5000)


class ScopeIn(Strict):
    status: Literal["in_scope", "out_of_scope", "under_review"]
    reason: HonestText = Field("", max_length=2000)


class ScopeResponseIn(Strict):
    response: Literal["agreed", "challenged"]
    reason: HonestText = Field("", max_length=2000)
