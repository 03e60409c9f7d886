"""Savings per centralised team: target, estimated, realised and the gap."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from services.workflow.adapters.pipeline_queries import savings_positions
from services.workflow.domain.savings import financial_year_of
from services.workflow.entrypoints.dependencies import context_of, read
from shared.auth import CurrentPrincipal
from shared.reference import CENTRAL_TEAMS, team_code

router = APIRouter(prefix="/savings", tags=["savings"])
YEAR = Query(None, pattern=r"^\d{4}/\d{2}$", description="e.g. 2026/27; default: this year.")


@router.get("")
async def savings_of_all_teams(
    request: Request, _: CurrentPrincipal, financial_year: str | None = YEAR
) -> Any:
    """Every centralised team's savings position for the financial year."""
    return await _positions(request, list(CENTRAL_TEAMS), financial_year)


@router.get("/{team}")
async def savings_of_team(
    team: str, request: Request, _: CurrentPrincipal, financial_year: str | None = YEAR
) -> Any:
    """One centralised team's savings position (team code or name)."""
    code = team_code(team)
    if code is None:
        raise HTTPException(404, f"there is no centralised team called {team!r}")
    answer = await _positions(request, [code], financial_year)
    return answer["teams"][0] | {"financial_year": answer["financial_year"]}


async def _positions(request: Request, teams: list[str], year: str | None) -> dict[str, Any]:
    context = context_of(request)
    year = year or financial_year_of(context.clock().date())
    positions = await read(
        request, lambda c: savings_positions(c, context.working_time, teams, year)
    )
    return {
        "financial_year": year,
        "teams": [asdict(p) | {"name": CENTRAL_TEAMS[p.team]} for p in positions],
    }
