"""Commands Finance's API hands to its handlers (imperative; never cross a service boundary)."""

from __future__ import annotations

from dataclasses import dataclass


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
    reduce_budget: bool = False  # give the saving up from the team's central budget line


@dataclass(frozen=True, slots=True)
class SetProgrammeSavingsTarget:
    """A department's target (`department` given) or the whole programme's (None)."""

    department: str | None
    financial_year: str
    amount: int
