"""Commands Finance's API hands to its handlers (imperative; never cross a service boundary)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.events.redesign import CandidateKind


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadBudget:
    """Create or change a cost centre and its budget line for a function."""

    code: str
    name: str
    owner: str
    function: str
    frozen: bool
    annual_budget: int


@dataclass(frozen=True, slots=True)
class SetSavingsTarget:
    team: str
    financial_year: str
    amount: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordRealisedSavings:
    team: str
    financial_year: str
    amount: int
    candidate_id: str | None
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterProcess:
    process_id: str
    name: str
    volume_per_year: int
    minutes_per_case: float
    rework_percent: float
    average_grade_cost: int


@dataclass(frozen=True, slots=True, kw_only=True)
class IdentifyCandidate:
    process_id: str
    kind: CandidateKind
    title: str
    automation_potential_percent: float
    ease: int
    post_numbers: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StartReview:
    process_id: str
    started_on: date
