"""Commands a function-owning service's redesign API hands to the shared handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.events.redesign import CandidateKind, SupportNeed


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterProcess:
    process_id: str
    name: str
    volume_per_year: int
    minutes_per_case: float
    rework_percent: float
    average_grade_cost: int


@dataclass(frozen=True, slots=True)
class StartReview:
    process_id: str
    started_on: date
    support_needs: tuple[SupportNeed, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class IdentifyCandidate:
    process_id: str
    kind: CandidateKind
    title: str
    automation_potential_percent: float
    ease: int
    post_numbers: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
