"""No transfer approved after a consultation closed not agreed, unless HR decided to proceed.

A transfer's latest consultation, before its approval, is the one it is judged on. Within an
exercise the decision is the exercise's `ConsultationDecisionRecorded`, and it must be to
proceed and recorded before the approval. A consultation on one transfer has no decision
event on the log, so approving it after not agreed is always a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from services.audit.domain.controls.base import POLICY, AuditPolicy, FindsAsItReads
from services.audit.domain.records import AuditedEvent, EventRef, Finding
from shared.events import consultation as cx
from shared.events import hr


@dataclass(slots=True)
class _Exercise:
    not_agreed: EventRef | None = None
    proceed_at: datetime | None = None  # the first decision to proceed
    other: str | None = None  # the latest decision not to proceed, in words


class _Close(NamedTuple):
    """The latest ConsultationClosed of a transfer."""

    exercise_id: str | None
    not_agreed: bool
    ref: EventRef


class ApprovalFollowedTheOutcome(FindsAsItReads):
    name = "approved_after_not_agreed_without_decision"
    description = (
        "No TransferApproved after its consultation closed not agreed, unless HR recorded a "
        "decision to proceed (ConsultationDecisionRecorded) before the approval."
    )
    events = frozenset(
        {
            hr.ConsultationClosed,
            hr.TransferApproved,
            cx.ConsultationExerciseClosed,
            cx.ConsultationDecisionRecorded,
        }
    )

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        self._closes: dict[tuple[str, str], _Close] = {}
        self._exercises: dict[str, _Exercise] = {}
        # Approvals within an exercise, decided at the end (its stream is another topic).
        self._pending: list[tuple[str, str, datetime, EventRef, _Close]] = []

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        kind = type(payload)
        if kind is hr.ConsultationClosed:
            key = (payload.post_number, payload.transfer_id)
            self._closes[key] = _Close(
                payload.exercise_id, payload.outcome == "not_agreed", event.ref
            )
        elif kind is hr.TransferApproved:
            self._approved(payload, event)
        else:
            exercise = self._exercises.setdefault(payload.exercise_id, _Exercise())
            if kind is cx.ConsultationExerciseClosed:
                if payload.outcome == "not_agreed":
                    exercise.not_agreed = event.ref
            elif payload.decision != "proceed":
                exercise.other = payload.decision.replace("_", " ")
            elif exercise.proceed_at is None:
                exercise.proceed_at = event.envelope.recorded_at

    def _approved(self, payload: hr.TransferApproved, event: AuditedEvent) -> None:
        post, transfer = payload.post_number, payload.transfer_id
        close = self._closes.get((post, transfer))
        if close is None:
            return  # no consultation closed: the lifecycle check reports that
        if close.exercise_id is not None:
            self._pending.append((post, transfer, event.envelope.recorded_at, event.ref, close))
        elif close.not_agreed:
            self._found.append(
                self.finding(
                    f"post {post}: transfer {transfer} was approved after its consultation "
                    "closed not agreed; a consultation on one transfer has no recorded "
                    "decision to proceed",
                    event.ref,
                    close.ref,
                )
            )

    def findings(self) -> list[Finding]:
        found = list(self._found)
        for post, transfer, approved_at, ref, close in self._pending:
            exercise = self._exercises.get(str(close.exercise_id), _Exercise())
            if not (close.not_agreed or exercise.not_agreed):
                continue
            if exercise.proceed_at is not None and exercise.proceed_at <= approved_at:
                continue
            if exercise.proceed_at is not None:
                decided = f"HR decided to proceed only after it ({exercise.proceed_at})"
            elif exercise.other:
                decided = f"HR decided to {exercise.other}, not to proceed"
            else:
                decided = "HR recorded no decision to proceed"
            refs = (ref, close.ref) + ((exercise.not_agreed,) if exercise.not_agreed else ())
            found.append(
                self.finding(
                    f"post {post}: transfer {transfer} was approved after consultation exercise "
                    f"{close.exercise_id} closed not agreed, and {decided}",
                    *refs,
                )
            )
        return found
