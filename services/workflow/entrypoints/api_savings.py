"""Savings per centralised team, per department of origin and programme-wide: target,
identified, approved, realised and the gap, for a financial year or several. A department
lead sees their own department's row among the departments, no other's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from services.workflow.adapters.savings_queries import savings_report
from services.workflow.domain.savings import financial_year_of
from services.workflow.entrypoints.dependencies import context_of, read
from shared.auth import CurrentPrincipal, Principal, own_department
from shared.reference import CENTRAL_TEAMS, DEPARTMENTS, team_code

router = APIRouter(prefix="/savings", tags=["savings"])
PATTERN = r"^\d{4}/\d{2}$"
YEAR = Query(None, pattern=PATTERN, description="e.g. 2026/27; default: this year.")
MOST_YEARS = 10


@router.get("")
async def savings_of_all_teams(
    request: Request, principal: CurrentPrincipal, financial_year: str | None = YEAR
) -> Any:
    """Every team's, department's and the programme's savings position for the year."""
    year = financial_year or _this_year(request)
    return (await _report(request, list(CENTRAL_TEAMS), [year], principal))[0]


@router.get("/years")
async def savings_over_years(
    request: Request,
    principal: CurrentPrincipal,
    first: str = Query(..., pattern=PATTERN),
    last: str = Query(..., pattern=PATTERN),
) -> Any:
    """The same positions for each financial year from `first` to `last` (multi-year plan)."""
    start, end = int(first[:4]), int(last[:4])
    if not 0 <= end - start < MOST_YEARS:
        raise HTTPException(
            422, f"choose a last year from {first} up to {MOST_YEARS} years after it"
        )
    years = [f"{y}/{(y + 1) % 100:02d}" for y in range(start, end + 1)]
    return {"years": await _report(request, list(CENTRAL_TEAMS), years, principal)}


@router.get("/{team}")
async def savings_of_team(
    team: str, request: Request, _: CurrentPrincipal, financial_year: str | None = YEAR
) -> Any:
    """One centralised team's savings position (team code or name)."""
    code = team_code(team)
    if code is None:
        raise HTTPException(404, f"there is no centralised team called {team!r}")
    year = financial_year or _this_year(request)
    answer = (await _report(request, [code], [year], None))[0]
    return answer["teams"][0] | {"financial_year": year}


def _this_year(request: Request) -> str:
    return financial_year_of(context_of(request).clock().date())


async def _report(
    request: Request, teams: list[str], years: list[str], principal: Principal | None
) -> list[dict[str, Any]]:
    working = context_of(request).working_time
    departments = list(DEPARTMENTS)
    own = own_department(principal) if principal else None
    found = await read(request, lambda c: savings_report(c, working, teams, departments, years))
    for year in found:
        if own is not None:
            year["departments"] = [r for r in year["departments"] if r["department"] == own]
        for row in year["teams"]:
            row["name"] = CENTRAL_TEAMS[row["team"]]
        for row in year["departments"]:
            row["name"] = DEPARTMENTS.get(row["department"], "Unattributed")
    return found
