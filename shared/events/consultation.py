"""Events HR publishes about consultation exercises (topic `hr.consultations`, key: exercise id).

An exercise groups the posts HR consults on together and keeps the evidence: documents
shared (by link or hash, never the file), questions and answers (asked by a staff reference
or "representative of <union>", never a name), the representatives consulted, the clock
that applies and the outcome. Each post's own stream carries `ConsultationOpened` and
`ConsultationClosed` naming the exercise, so a post's journey stays in one stream.
Consumed by Workflow (tracker, pipeline of exercises, department feeds) and the audit.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from shared.bounds import CouncilDate
from shared.events import topics
from shared.events.base import EventPayload
from shared.events.personal import PersonalText

ExerciseOutcome = Literal["agreed", "agreed_with_changes", "not_agreed"]
ExerciseDecision = Literal["proceed", "withdraw", "revise_and_reconsult"]


class ExerciseEvent(EventPayload):
    """Common to every event in an exercise's stream."""

    TOPIC: ClassVar[str] = topics.HR_CONSULTATIONS
    AGGREGATE_TYPE: ClassVar[str] = "exercise"

    exercise_id: str = Field(description="The consultation exercise's id, e.g. CX-1a2b3c4d.")


class ConsultationExerciseOpened(ExerciseEvent):
    """HR opened a consultation exercise on a group of posts. HR → Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "ConsultationExerciseOpened"

    purpose: str = Field(description="What is proposed, in the words staff were given.")
    post_numbers: list[str] = Field(min_length=1, description="The posts consulted on.")
    departments: list[str] = Field(description="Departments holding those posts today.")
    opened_on: CouncilDate
    proposed_close: CouncilDate = Field(description="When HR plans to close it.")
    earliest_close: CouncilDate = Field(description="The first day its clock allows it to close.")
    minimum_days: int = Field(ge=0, description="Days the clock requires.")
    rule: str = Field(description="Which rule set the clock: council policy or statute.")
    representatives: list[str] = Field(description="Trade unions and elected representatives.")
    at_risk_posts: int = Field(
        0, ge=0, description="Posts proposed as redundant counted with these (90 days)."
    )
    hr1_due: CouncilDate | None = Field(None, description="When form HR1 is due, where one is.")
    at_risk_post_numbers: list[str] = Field(
        default_factory=list,
        description="The posts of this exercise proposed as redundant, so the 90-day count "
        "can be recomputed from the log.",
    )


class ConsultationDocumentShared(ExerciseEvent):
    """A document was shared with those consulted (its link or hash, not the file)."""

    EVENT_TYPE: ClassVar[str] = "ConsultationDocumentShared"

    title: str
    version: str
    link: str = ""
    sha256: str = Field("", description="SHA-256 of the file shared, in hex.")
    shared_on: CouncilDate


class ConsultationQuestionAsked(ExerciseEvent):
    """Staff or a representative asked a question (no names: a reference or a union)."""

    EVENT_TYPE: ClassVar[str] = "ConsultationQuestionAsked"

    question_id: str
    asked_by: PersonalText = Field(
        description="A staff reference or 'representative of <union>'; sealed when it is "
        "an employee reference."
    )
    question: PersonalText
    asked_at: datetime


class ConsultationQuestionAnswered(ExerciseEvent):
    """HR answered a question asked in the exercise."""

    EVENT_TYPE: ClassVar[str] = "ConsultationQuestionAnswered"

    question_id: str
    answer: PersonalText
    answered_at: datetime


class ConsultationExtended(ExerciseEvent):
    """The exercise's planned close moved later."""

    EVENT_TYPE: ClassVar[str] = "ConsultationExtended"

    previous_close: CouncilDate
    proposed_close: CouncilDate
    reason: str


class ConsultationExerciseClosed(ExerciseEvent):
    """The exercise closed with its outcome; every question had an answer."""

    EVENT_TYPE: ClassVar[str] = "ConsultationExerciseClosed"

    closed_on: CouncilDate
    outcome: ExerciseOutcome
    notes: str = ""
    questions_answered: int = Field(0, ge=0)


class ConsultationDecisionRecorded(ExerciseEvent):
    """After an outcome of not agreed, HR decided how to go on, with its reasons."""

    EVENT_TYPE: ClassVar[str] = "ConsultationDecisionRecorded"

    decision: ExerciseDecision
    reason: str


EVENTS: tuple[type[EventPayload], ...] = (
    ConsultationExerciseOpened,
    ConsultationDocumentShared,
    ConsultationQuestionAsked,
    ConsultationQuestionAnswered,
    ConsultationExtended,
    ConsultationExerciseClosed,
    ConsultationDecisionRecorded,
)
