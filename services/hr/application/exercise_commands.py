"""Commands for consultation exercises and post scope decisions (inside HR only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.hr.domain.consultation_clock import DEFAULT_MINIMUM_DAYS


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenExercise:
    """Consult on these posts together; `at_risk_post_numbers` are proposed as redundant."""

    exercise_id: str
    purpose: str
    post_numbers: list[str]
    opened_on: date
    proposed_close: date
    representatives: list[str]
    at_risk_post_numbers: list[str]
    minimum_days: int = DEFAULT_MINIMUM_DAYS


@dataclass(frozen=True, slots=True, kw_only=True)
class ShareDocument:
    exercise_id: str
    title: str
    version: str
    link: str
    sha256: str
    shared_on: date


@dataclass(frozen=True, slots=True, kw_only=True)
class AskQuestion:
    exercise_id: str
    question_id: str
    asked_by: str
    question: str
    asked_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerQuestion:
    exercise_id: str
    question_id: str
    answer: str
    answered_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtendExercise:
    exercise_id: str
    proposed_close: date
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseExercise:
    """Close on `closed_on` (not after `today`) with the outcome."""

    exercise_id: str
    closed_on: date
    outcome: str
    notes: str
    today: date


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDecision:
    exercise_id: str
    decision: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeScope:
    post_number: str
    status: str
    reason: str
    proposed_by: str
    proposed_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RespondToScope:
    """A department lead's agreement or challenge; `lead_department` is the lead's own."""

    post_number: str
    response: str
    reason: str
    lead: str
    lead_department: str | None
