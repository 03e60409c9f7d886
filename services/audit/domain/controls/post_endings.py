"""A filled post was disestablished only after its consultation as at risk, and once."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import consultation, hr


class FilledPostEndedAfterConsultation(ControlCheck):
    """HR's rule: a filled post is put at risk, consulted on in an exercise that counts it as
    at risk, and disestablished only once that exercise closed (agreed, or not agreed with
    HR's decision to proceed) on or before the post's last day."""

    name = "filled_post_ended_without_consultation"
    description = (
        "Every PostDisestablished of a filled post names an exercise that consulted on it as at "
        "risk and closed by its effective date (not agreed only with a decision to proceed); "
        "no post is disestablished twice."
    )
    events = frozenset({hr.PostDisestablished, consultation.ConsultationExerciseOpened,
                        consultation.ConsultationExerciseClosed,
                        consultation.ConsultationDecisionRecorded})  # fmt: skip

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._at_risk: dict[str, frozenset[str]] = {}  # exercise → posts consulted as at risk
        self._closed: dict[str, tuple[date, str]] = {}  # exercise → (closed on, outcome)
        self._proceeded: set[str] = set()
        self._ended: list[tuple[Any, EventRef]] = []

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        if isinstance(payload, consultation.ConsultationExerciseOpened):
            self._at_risk[payload.exercise_id] = frozenset(payload.at_risk_post_numbers)
        elif isinstance(payload, consultation.ConsultationExerciseClosed):
            self._closed[payload.exercise_id] = (payload.closed_on, payload.outcome)
        elif isinstance(payload, consultation.ConsultationDecisionRecorded):
            if payload.decision == "proceed":
                self._proceeded.add(payload.exercise_id)
        else:
            self._ended.append((payload, event.ref))

    def findings(self) -> list[Finding]:
        found, seen = [], set()
        for payload, ref in self._ended:
            post = payload.post_number
            if post in seen:
                found.append(self.finding(f"post {post} was disestablished twice", ref))
            seen.add(post)
            why = self._why_not(payload) if payload.was_filled else None
            if why is not None and (self.history_complete or payload.exercise_id is None):
                found.append(self.finding(f"filled post {post} was disestablished {why}", ref))
        return found

    def _why_not(self, payload: Any) -> str | None:
        exercise = payload.exercise_id
        if exercise is None:
            return "with no consultation exercise named"
        if payload.post_number not in self._at_risk.get(exercise, frozenset()):
            return f"but exercise {exercise} did not consult on it as at risk"
        closed = self._closed.get(exercise)
        if closed is None or closed[0] > payload.effective_date:
            return f"from {payload.effective_date} before exercise {exercise} closed"
        if closed[1] == "not_agreed" and exercise not in self._proceeded:
            return f"after exercise {exercise} closed not agreed, with no decision to proceed"
        return None
