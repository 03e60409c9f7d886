"""Consultation exercises as the board report reads them: each exercise's clock and questions
as of any date, folded the same way from Workflow's stored facts and from the log.

An exercise open on the report's date is **at risk** when its planned close has passed
without it closing, or when it closes within `NEAR_CLOSE_DAYS` with questions unanswered
(an exercise closes only once every question has an answer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

NEAR_CLOSE_DAYS = 14
# Every exercise event type the fold reads.
EXERCISE_READ = frozenset({
    "ConsultationExerciseOpened", "ConsultationExtended", "ConsultationExerciseClosed",
    "ConsultationQuestionAsked", "ConsultationQuestionAnswered",
})  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ExerciseFacts:
    """One exercise's clock and questions, each with the day it became known."""

    exercise_id: str
    post_numbers: tuple[str, ...]
    opened_on: date
    closes: tuple[tuple[date, date], ...]  # (known from, planned close), oldest first
    closed_on: date | None = None
    questions: tuple[tuple[date, date | None], ...] = ()  # (asked on, answered on)

    def at_risk(self, as_of: date) -> tuple[date, int, str] | None:
        """(planned close, questions unanswered, why) when at risk on `as_of`, else None."""
        if self.opened_on > as_of or (self.closed_on is not None and self.closed_on <= as_of):
            return None
        planned = [close for known, close in self.closes if known <= as_of][-1]
        unanswered = sum(
            1 for asked, answered in self.questions
            if asked <= as_of and (answered is None or answered > as_of)
        )  # fmt: skip
        if planned < as_of:
            return planned, unanswered, "past_planned_close"
        if unanswered and (planned - as_of).days <= NEAR_CLOSE_DAYS:
            return planned, unanswered, "questions_unanswered_near_close"
        return None


def fold_exercise_facts(
    exercise_id: str, facts: Iterable[tuple[str, date, Mapping[str, Any]]]
) -> ExerciseFacts | None:
    """The exercise from (event type, day it occurred, payload) in stream order; None
    before it opened."""
    opened: Mapping[str, Any] | None = None
    closes: list[tuple[date, date]] = []
    closed_on: date | None = None
    asked: dict[str, date] = {}
    answered: dict[str, date] = {}
    for event_type, occurred_on, payload in facts:
        if event_type == "ConsultationExerciseOpened":
            opened = payload
            closes.append((_day(payload["opened_on"]), _day(payload["proposed_close"])))
        elif event_type == "ConsultationExtended":
            closes.append((occurred_on, _day(payload["proposed_close"])))
        elif event_type == "ConsultationExerciseClosed":
            closed_on = _day(payload["closed_on"])
        elif event_type == "ConsultationQuestionAsked":
            asked.setdefault(str(payload["question_id"]), _on(payload, "asked_at", occurred_on))
        elif event_type == "ConsultationQuestionAnswered":
            answer = _on(payload, "answered_at", occurred_on)
            answered.setdefault(str(payload["question_id"]), answer)
    if opened is None:
        return None
    return ExerciseFacts(
        exercise_id=exercise_id,
        post_numbers=tuple(opened["post_numbers"]),
        opened_on=_day(opened["opened_on"]),
        closes=tuple(sorted(closes, key=lambda close: close[0])),
        closed_on=closed_on,
        questions=tuple((day, answered.get(q)) for q, day in sorted(asked.items())),
    )


def exercises_from(
    streams: Iterable[tuple[str, Iterable[tuple[str, date, Mapping[str, Any]]]]],
) -> list[ExerciseFacts]:
    """Every opened exercise's facts, from each exercise's (id, facts in stream order)."""
    return [
        exercise
        for exercise_id, facts in streams
        if (exercise := fold_exercise_facts(exercise_id, facts)) is not None
    ]


def _on(payload: Mapping[str, Any], name: str, otherwise: date) -> date:
    """The day of a timestamp the fact carries (a datetime, or ISO text when stored)."""
    value = payload.get(name)
    if value is None:
        return otherwise
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value)[:10])


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
