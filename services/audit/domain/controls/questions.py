"""No consultation exercise closed with a question left unanswered."""

from __future__ import annotations

from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, FindsAsItReads
from services.audit.domain.records import AuditedEvent, EventRef
from shared.events import consultation as cx


class ExerciseClosedWithEveryAnswer(FindsAsItReads):
    name = "exercise_closed_with_questions_unanswered"
    description = (
        "Every question asked in a consultation exercise was answered before the exercise closed."
    )
    events = frozenset(
        {
            cx.ConsultationQuestionAsked,
            cx.ConsultationQuestionAnswered,
            cx.ConsultationExerciseClosed,
        }
    )

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        # An exercise's events are in order in its stream: only open questions are kept.
        self._open: dict[str, dict[str, EventRef]] = {}

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        kind = type(payload)
        if kind is cx.ConsultationQuestionAsked:
            self._open.setdefault(payload.exercise_id, {})[payload.question_id] = event.ref
        elif kind is cx.ConsultationQuestionAnswered:
            asked = self._open.get(payload.exercise_id)
            if asked is not None:
                asked.pop(payload.question_id, None)
        else:
            unanswered = self._open.pop(payload.exercise_id, {})
            if unanswered:
                self._found.append(
                    self.finding(
                        f"consultation exercise {payload.exercise_id} closed on "
                        f"{payload.closed_on} ({payload.outcome.replace('_', ' ')}) with "
                        f"{len(unanswered)} question(s) never answered: "
                        f"{', '.join(unanswered)}",
                        event.ref,
                        *unanswered.values(),
                    )
                )
