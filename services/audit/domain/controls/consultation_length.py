"""No consultation closed before the period that policy, its own clock or the statute required.

An exercise is held to the longest of: the council's policy minimum (a replay option, so the
auditor sets the policy, not the log), the clock HR recorded when opening it (its minimum days
and earliest close), and the statutory collective rule recounted from the log. A consultation
on one transfer outside any exercise is held to the policy minimum.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, FindsAsItReads
from services.audit.domain.controls.collective import Opening, at_risk_counts, statute_words
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import consultation as cx
from shared.events import hr
from shared.events.consultation_rules import statutory_days


class ConsultationRanLongEnough(FindsAsItReads):
    name = "consultation_shorter_than_required"
    description = (
        "No consultation closed before the longest of the council's policy minimum, its own "
        "recorded clock and the statutory collective rule (recounted from the log)."
    )
    events = frozenset(
        {
            cx.ConsultationExerciseOpened,
            cx.ConsultationExerciseClosed,
            hr.ConsultationOpened,
            hr.ConsultationClosed,
        }
    )

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._openings: list[Opening] = []
        self._closes: dict[str, tuple[date, EventRef]] = {}
        # Consultations on one transfer outside any exercise, while open: (opened_on, event).
        self._single: dict[tuple[str, str], tuple[date, EventRef]] = {}

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        kind = type(payload)
        if kind is cx.ConsultationExerciseOpened:
            self._openings.append(Opening.of(event))
        elif kind is cx.ConsultationExerciseClosed:
            self._closes[payload.exercise_id] = (payload.closed_on, event.ref)
        elif payload.exercise_id is not None:
            return  # judged by its exercise's clock
        elif kind is hr.ConsultationOpened:
            self._single[(payload.post_number, payload.transfer_id)] = (
                payload.opened_on,
                event.ref,
            )
        else:
            opened = self._single.pop((payload.post_number, payload.transfer_id), None)
            if opened is not None:
                self._check_single(payload, opened, event.ref)

    def _check_single(
        self, closed: hr.ConsultationClosed, opened: tuple[date, EventRef], ref: EventRef
    ) -> None:
        opened_on, opened_ref = opened
        days = self.policy.consultation_minimum_days
        if closed.closed_on >= opened_on + timedelta(days=days):
            return
        self._found.append(
            self.finding(
                f"post {closed.post_number}: the consultation on transfer {closed.transfer_id} "
                f"opened {opened_on} and closed {closed.closed_on}, after "
                f"{(closed.closed_on - opened_on).days} days; the council's policy requires at "
                f"least {days} days, so it could close on or after "
                f"{opened_on + timedelta(days=days)}",
                ref,
                opened_ref,
            )
        )

    def findings(self) -> list[Finding]:
        counts = at_risk_counts(self._openings)
        found = list(self._found)
        for opening in self._openings:
            close = self._closes.get(opening.exercise_id)
            if close is not None:
                broken = self._broken(opening, close[0], counts[opening.exercise_id])
                if broken:
                    found.append(
                        self.finding(
                            f"{opening.words} closed {close[0]}, after "
                            f"{(close[0] - opening.opened_on).days} days, too early for "
                            + "; and for ".join(broken),
                            close[1],
                            opening.ref,
                        )
                    )
        return found

    def _broken(self, opening: Opening, closed_on: date, at_risk: int) -> list[str]:
        """Each requirement the close came too early for, in words."""
        opened_on = opening.opened_on
        policy = self.policy.consultation_minimum_days
        statute = statutory_days(at_risk)
        rules: list[tuple[date, str]] = [
            (opened_on + timedelta(days=policy), f"the council's policy of {policy} days"),
            (
                max(opening.earliest_close, opened_on + timedelta(days=opening.minimum_days)),
                f"its own recorded clock ({opening.rule}, {opening.minimum_days} days, "
                f"earliest close {opening.earliest_close})",
            ),
        ]
        if statute is not None:
            rules.append((opened_on + timedelta(days=statute), statute_words(at_risk)))
        return [f"{words} (on or after {due})" for due, words in rules if closed_on < due]
