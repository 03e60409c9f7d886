"""A consultation exercise as Workflow shows it, folded from HR's `hr.consultations` events.

HR owns the exercise and its rules (services/hr/domain/exercise.py); Workflow only reads
its facts, always refolding an exercise from all of them in sequence order, so what it
shows never depends on how the events were batched or redelivered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.events import consultation as cx
from shared.events.base import EventPayload
from shared.events.personal import shown

Payload = Mapping[str, Any]


@dataclass(kw_only=True)
class ExerciseView:
    """One exercise: what it consults on, its clock, its evidence and how it ended."""

    exercise_id: str
    purpose: str = ""
    status: str = "open"  # open | closed
    post_numbers: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    opened_on: date | None = None
    proposed_close: date | None = None
    earliest_close: date | None = None
    minimum_days: int = 0
    rule: str = ""
    hr1_due: date | None = None
    at_risk_posts: int = 0
    representatives: list[str] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    extensions: list[dict[str, Any]] = field(default_factory=list)
    outcome: str | None = None
    closed_on: date | None = None
    notes: str = ""
    decision: str | None = None
    decision_reason: str | None = None
    sequence: int = 0

    @property
    def questions_unanswered(self) -> int:
        return sum(1 for question in self.questions if question["answer"] is None)

    def days_left(self, today: date) -> int | None:
        """Days until the planned close while open (0 once it is due); None once closed."""
        if self.status != "open" or self.proposed_close is None:
            return None
        return max(0, (self.proposed_close - today).days)


def fold_exercise(
    exercise_id: str, facts: Iterable[tuple[int, type[EventPayload], Payload]]
) -> ExerciseView | None:
    """The exercise from its (sequence, event class, payload) facts; None before it opened."""
    view = ExerciseView(exercise_id=exercise_id)
    opened = False
    for sequence, kind, payload in sorted(facts, key=lambda fact: fact[0]):
        opened = opened or kind is cx.ConsultationExerciseOpened
        EXERCISE_STEPS[kind](view, payload)
        view.sequence = max(view.sequence, sequence)
    return view if opened else None


def _opened(view: ExerciseView, p: Payload) -> None:
    view.purpose = p["purpose"]
    view.post_numbers = list(p["post_numbers"])
    view.departments = sorted(set(p["departments"]))
    view.opened_on, view.proposed_close = _day(p["opened_on"]), _day(p["proposed_close"])
    view.earliest_close = _day(p["earliest_close"])
    view.minimum_days, view.rule = int(p["minimum_days"]), p["rule"]
    view.hr1_due = _day(p["hr1_due"]) if p.get("hr1_due") else None
    view.at_risk_posts = int(p.get("at_risk_posts") or 0)
    view.representatives = list(p["representatives"])


def _document(view: ExerciseView, p: Payload) -> None:
    keep = ("title", "version", "link", "sha256", "shared_on")
    view.documents.append({name: p.get(name) for name in keep})


def _asked(view: ExerciseView, p: Payload) -> None:
    if any(q["question_id"] == p["question_id"] for q in view.questions):
        return  # asked once: HR refuses a second question under the same id
    view.questions.append(
        {
            "question_id": p["question_id"],
            "asked_by": shown(p["asked_by"]),
            "question": shown(p["question"]),
            "asked_at": p["asked_at"],
            "answer": None,
            "answered_at": None,
        }
    )


def _answered(view: ExerciseView, p: Payload) -> None:
    for question in view.questions:
        if question["question_id"] == p["question_id"] and question["answer"] is None:
            question.update(answer=shown(p["answer"]), answered_at=p["answered_at"])


def _extended(view: ExerciseView, p: Payload) -> None:
    view.proposed_close = _day(p["proposed_close"])
    view.extensions.append(
        {"from": p["previous_close"], "to": p["proposed_close"], "reason": p["reason"]}
    )


def _closed(view: ExerciseView, p: Payload) -> None:
    view.status, view.closed_on = "closed", _day(p["closed_on"])
    view.outcome, view.notes = p["outcome"], p.get("notes") or ""


def _decided(view: ExerciseView, p: Payload) -> None:
    view.decision, view.decision_reason = p["decision"], p["reason"]


# What each event on `hr.consultations` does to the view (a test holds every one to it).
EXERCISE_STEPS: dict[type[EventPayload], Callable[[ExerciseView, Payload], None]] = {
    cx.ConsultationExerciseOpened: _opened,
    cx.ConsultationDocumentShared: _document,
    cx.ConsultationQuestionAsked: _asked,
    cx.ConsultationQuestionAnswered: _answered,
    cx.ConsultationExtended: _extended,
    cx.ConsultationExerciseClosed: _closed,
    cx.ConsultationDecisionRecorded: _decided,
}


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
