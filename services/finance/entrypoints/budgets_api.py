"""Finance's HTTP API for the books: read cost centres, lines and reservations; load budgets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Connection, func, select

from services.finance.adapters.tables import (
    budget_lines,
    budget_reductions,
    budget_transfers,
    cost_centres,
)
from services.finance.application.budgets import load_budget
from services.finance.application.commands import LoadBudget
from services.finance.entrypoints.commands import FinanceStaff, run_command, run_query
from shared.auth import CurrentPrincipal, own_department
from shared.bounds import Pounds

router = APIRouter(tags=["budgets"])
PostNumberFilter = Annotated[str | None, Query(max_length=20)]


class BudgetIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    owner: str = Field(min_length=1, max_length=20, description="Department code or CENTRAL.")
    function: str = Field(min_length=1, max_length=10, description="Support function code.")
    frozen: bool = False
    annual_budget: Pounds = Field(description="Whole pounds a year.")


@router.put("/cost-centres/{code}")
async def put_cost_centre(
    code: str, body: BudgetIn, request: Request, principal: FinanceStaff
) -> dict[str, Any]:
    """Create or change a cost centre and its budget line (finance staff only)."""
    command = LoadBudget(code=code, **body.model_dump())
    line = await run_command(request, principal, lambda uow: load_budget(uow.book, command))
    return _line_out(_as_dict(line))


@router.get("/cost-centres")
async def list_cost_centres(request: Request, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    """Cost centres (a lead: their own department's)."""
    query = select(cost_centres)
    if (own := own_department(principal)) is not None:
        query = query.where(cost_centres.c.owner == own)
    return await run_query(request, lambda c: _rows(c, query))  # type: ignore[no-any-return]


@router.get("/budget-lines")
async def list_budget_lines(request: Request, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    """Every line with what it was loaded with, reserved, moved in and out, available, and
    given up as savings (a lead: the lines of their own department's cost centres)."""
    query = select(budget_lines)
    if (own := own_department(principal)) is not None:
        owned = select(cost_centres.c.code).where(cost_centres.c.owner == own)
        query = query.where(budget_lines.c.cost_centre.in_(owned))
    rows, reduced = await run_query(request, lambda c: (_rows(c, query), _reduced(c)))
    return [
        _line_out(row) | {"reduced": reduced.get((row["cost_centre"], row["function"]), 0)}
        for row in rows
    ]


def _reduced(connection: Connection) -> dict[tuple[str, str], int]:
    """What each line gave up as savings (disestablished posts and booked reductions)."""
    table = budget_reductions
    query = select(table.c.cost_centre, table.c.function, func.sum(table.c.amount)).group_by(
        table.c.cost_centre, table.c.function
    )
    return {
        (centre, function): int(amount) for centre, function, amount in connection.execute(query)
    }


@router.get("/reservations")
async def list_reservations(
    request: Request, principal: CurrentPrincipal, post_number: PostNumberFilter = None
) -> list[dict[str, Any]]:
    """The transfers Finance follows: check verdict, and what their money is doing (a lead:
    their own department's posts; another's post number finds nothing)."""
    query = select(budget_transfers)
    if post_number:
        query = query.where(budget_transfers.c.post_number == post_number)
    if (own := own_department(principal)) is not None:
        query = query.where(budget_transfers.c.department == own)
    return await run_query(request, lambda c: _rows(c, query))  # type: ignore[no-any-return]


def _rows(connection: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in connection.execute(query).mappings()]


def _as_dict(line: Any) -> dict[str, Any]:
    fields = ("cost_centre", "function", "annual_budget", "reserved", "moved_in", "moved_out")
    return {name: getattr(line, name) for name in fields}


def _line_out(row: dict[str, Any]) -> dict[str, Any]:
    current = row["annual_budget"] + row["moved_in"] - row["moved_out"]
    return {**row, "current": current, "available": current - row["reserved"]}
