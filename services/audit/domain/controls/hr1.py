"""Every exercise that crossed the collective threshold carried the date form HR1 is due."""

from __future__ import annotations

from services.audit.domain.controls.base import POLICY, AuditPolicy, ControlCheck
from services.audit.domain.controls.collective import Opening, at_risk_counts, statute_words
from services.audit.domain.records import AuditedEvent, Finding
from shared.events import consultation as cx
from shared.events.consultation_rules import statutory_days


class CollectiveThresholdHasHr1(ControlCheck):
    name = "collective_threshold_without_hr1"
    description = (
        "Every consultation exercise whose posts proposed as redundant, counted over the "
        "rolling 90 days, reach 20 records when form HR1 is due (hr1_due)."
    )
    events = frozenset({cx.ConsultationExerciseOpened})

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._openings: list[Opening] = []

    def observe(self, event: AuditedEvent) -> None:
        self._openings.append(Opening.of(event))

    def findings(self) -> list[Finding]:
        counts = at_risk_counts(self._openings)
        return [
            self.finding(
                f"{opening.words}: {statute_words(counts[opening.exercise_id])}, and it "
                "records no date for form HR1 to the Secretary of State",
                opening.ref,
            )
            for opening in self._openings
            if opening.hr1_due is None and statutory_days(counts[opening.exercise_id])
        ]
