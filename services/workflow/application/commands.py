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


@dataclass(frozen=True, kw_only=True)
class RecordBenefitCase:
    """Record (or restate in full) a candidate's benefit case in the register."""

    candidate_id: str
    owner_role: str
    baseline_measure: str
    baseline_value: float
    baseline_date: date
    profile: list[tuple[str, int, float]]  # (financial year, cashable £, hours freed)
    one_off_cost: int
    running_cost_per_year: int
    post_numbers: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class MeasureBenefit:
    """Record what a delivered candidate realised, measured on a day."""

    candidate_id: str
    measured_on: date
    cashable_money: int
    hours_freed: float
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReleaseFte:
    """Record FTE a delivered candidate released, from a post it claims or (None) its team."""

    candidate_id: str
    released_on: date
    fte: float
    post_number: str | None = None
    note: str = ""
