"""Commands Workflow's own API takes for the redesign pipeline (functions with no publisher)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, kw_only=True)
class RegisterProcess:
    function: str
    name: str
    volume_per_year: int
    minutes_per_case: float
    average_grade_cost: int
    rework_percent: float = 0.0
    process_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdentifyCandidate:
    process_id: str
    kind: str
    title: str
    automation_potential_percent: float
    ease: int
    post_numbers: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    candidate_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class CandidateStep:
    """assess, approve, reject, start_delivery or deliver one candidate."""

    candidate_id: str
    step: str
    automation_potential_percent: float | None = None
    ease: int | None = None
    notes: str = ""
    reason: str = ""
    realised_hours_saved_per_year: float | None = None
    realised_money_saved_per_year: int | None = None


@dataclass(frozen=True, kw_only=True)
class StartReview:
    """Start reviewing a Workflow-held process, with what departments said they need."""

    process_id: str
    started_on: date
    support_needs: list[tuple[str, str]] = field(default_factory=list)  # (department, need)
