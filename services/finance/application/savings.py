"""Savings handlers: finance staff set targets and record what was actually saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.finance.application.commands import (
    RecordRealisedSavings,
    SetProgrammeSavingsTarget,
    SetSavingsTarget,
)
from services.finance.application.ports import Savings, UnitOfWork
from services.finance.domain.reduction import check_reduction
from services.finance.domain.savings import central_team, department, financial_year
from shared.events import finance as out
from shared.persistence.outbox import NewEvent
from shared.reference import central_cost_centre


def set_savings_target(uow: UnitOfWork, command: SetSavingsTarget) -> str:
    """Set (or reset) a centralised team's target for a year; return the team code."""
    team = central_team(command.team)
    year = financial_year(command.financial_year)
    uow.savings.set_target(team, year, command.amount)
    uow.emit(
        NewEvent(
            payload=out.SavingsTargetSet(team=team, financial_year=year, amount=command.amount),
            aggregate_id=team,
        )
    )
    return team


def record_realised_savings(uow: UnitOfWork, command: RecordRealisedSavings) -> str:
    """Record savings a team delivered; return the team code."""
    team = central_team(command.team)
    year = financial_year(command.financial_year)
    uow.savings.add_realised(
        {
            "team": team,
            "financial_year": year,
            "amount": command.amount,
            "candidate_id": command.candidate_id,
            "description": command.description,
        },
        datetime.now(UTC),
    )
    payload = out.SavingsRealised(
        team=team,
        financial_year=year,
        amount=command.amount,
        candidate_id=command.candidate_id,
        description=command.description,
    )
    uow.emit(NewEvent(payload=payload, aggregate_id=team))
    if command.reduce_budget:
        _reduce_central_line(uow, team, year, command)
    return team


def _reduce_central_line(
    uow: UnitOfWork, team: str, year: str, command: RecordRealisedSavings
) -> None:
    """Give the saving up from the team's central budget line (the function's own)."""
    cost_centre = central_cost_centre(team)
    line = uow.book.line(cost_centre, team)
    already = uow.savings.reduced(cost_centre, team)
    check_reduction(line, cost_centre, already, command.amount, command.candidate_id)
    assert command.candidate_id is not None  # check_reduction refuses none
    reduction = Reduction(team=team, financial_year=year, cost_centre=cost_centre,
                          function=team, amount=command.amount,
                          candidate_id=command.candidate_id)  # fmt: skip
    uow.emit(reduce_line(uow.savings, reduction))


@dataclass(frozen=True, slots=True, kw_only=True)
class Reduction:
    """A line given up as a candidate's saving (`post_number`: the post whose budget it was)."""

    team: str
    financial_year: str
    cost_centre: str
    function: str
    amount: int
    candidate_id: str
    post_number: str | None = None


def reduce_line(savings: Savings, reduction: Reduction) -> NewEvent:
    """Record the reduction in the savings ledger; return its `CentralBudgetReduced`."""
    row = {"cost_centre": reduction.cost_centre, "function": reduction.function,
           "financial_year": reduction.financial_year, "amount": reduction.amount,
           "candidate_id": reduction.candidate_id}  # fmt: skip
    savings.add_reduction(row, datetime.now(UTC))
    payload = out.CentralBudgetReduced(
        team=reduction.team, financial_year=reduction.financial_year,
        cost_centre=reduction.cost_centre, amount=reduction.amount,
        candidate_id=reduction.candidate_id, post_number=reduction.post_number,
    )  # fmt: skip
    return NewEvent(payload=payload, aggregate_id=reduction.team)


def set_programme_target(uow: UnitOfWork, command: SetProgrammeSavingsTarget) -> str | None:
    """Set (or reset) a department's or the programme's target for a year; the log is its
    record (Workflow adds it up); return the department code or None for the programme."""
    code = department(command.department) if command.department else None
    payload = out.ProgrammeSavingsTargetSet(
        department=code, financial_year=financial_year(command.financial_year),
        amount=command.amount,
    )  # fmt: skip
    uow.emit(NewEvent(payload=payload, aggregate_id=f"department:{code}" if code else "programme"))
    return code
