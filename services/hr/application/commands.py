"""Commands HR staff give. Imperative, inside HR only: they never cross a service boundary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class RegisterPost:
    post_number: str
    title: str
    grade: str
    fte: float
    function: str
    department: str
    cost_centre: str
    annual_cost: int
    employee_ref: str | None = None
    employee_name: str | None = None
    employee_email: str | None = None


@dataclass(frozen=True, slots=True)
class ProposeTransfer:
    post_number: str
    target_team: str
    effective_date: date
    reason: str
