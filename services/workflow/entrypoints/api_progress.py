"""Programme progress: per department, per centralised team, per support function."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import func

from services.workflow.adapters.progress_queries import progress_by
from services.workflow.adapters.tables import journeys
from services.workflow.entrypoints.dependencies import department_scope, read
from shared.auth import CurrentPrincipal
from shared.reference import CENTRAL_TEAMS, DEPARTMENTS, SUPPORT_FUNCTIONS

router = APIRouter(prefix="/progress", tags=["progress"])


@router.get("/departments")
async def progress_of_departments(request: Request, principal: CurrentPrincipal) -> Any:
    """Each department's support posts by stage, FTE and cost moved, % centralised."""
    scope = department_scope(principal, None)
    figures = await read(request, lambda c: progress_by(c, journeys.c.department, department=scope))
    return {
        "departments": [
            {"department": key[0], "name": DEPARTMENTS.get(key[0], key[0]), **entry}
            for key, entry in sorted(figures.items(), key=lambda item: str(item[0]))
        ]
    }


@router.get("/teams")
async def progress_of_teams(request: Request, _: CurrentPrincipal) -> Any:
    """Each centralised team: the posts proposed into it or of its function, and how far."""
    team = func.coalesce(journeys.c.target_team, journeys.c.function)
    figures = await read(request, lambda c: progress_by(c, team))
    return {
        "teams": [
            {"team": key[0], "name": CENTRAL_TEAMS.get(key[0], key[0]), **entry}
            for key, entry in sorted(figures.items(), key=lambda item: str(item[0]))
        ]
    }


@router.get("/functions")
async def progress_of_functions(request: Request, _: CurrentPrincipal) -> Any:
    """Each support function across the council, with a breakdown by department."""

    def query(connection: Any) -> Any:
        totals = progress_by(connection, journeys.c.function)
        split = progress_by(connection, journeys.c.function, journeys.c.department)
        return totals, split

    totals, split = await read(request, query)
    answer = []
    for key, entry in sorted(totals.items(), key=lambda item: str(item[0])):
        departments = {
            department: figures
            for (function, department), figures in split.items()
            if function == key[0]
        }
        answer.append(
            {
                "function": key[0],
                "name": SUPPORT_FUNCTIONS.get(key[0], key[0]),
                **entry,
                "departments": departments,
            }
        )
    return {"functions": answer}
