"""Programme progress: per department, per centralised team, per support function."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from sqlalchemy import Connection, func

from services.workflow.adapters.progress_as_of import as_of_then
from services.workflow.adapters.progress_queries import progress_by
from services.workflow.adapters.tables import journeys
from services.workflow.entrypoints.dependencies import context_of, department_scope, read
from shared.auth import CurrentPrincipal
from shared.reference import CENTRAL_TEAMS, DEPARTMENTS, SUPPORT_FUNCTIONS

router = APIRouter(prefix="/progress", tags=["progress"])
T = TypeVar("T")
AsOf = Annotated[date | None, Query(description="YYYY-MM-DD: progress as it stood then.")]
KnownOn = Annotated[
    date | None, Query(description="YYYY-MM-DD: only what had been recorded by that day.")
]


async def _figures(
    request: Request, as_of: date | None, as_known_on: date | None, query: Callable[[Connection], T]
) -> T:
    """Today's figures, or (with either date) the figures then, as known then."""
    if as_of is None and as_known_on is None:
        return await read(request, query)
    day = as_of or context_of(request).clock().date()
    return await read(request, lambda connection: as_of_then(connection, day, as_known_on, query))


@router.get("/departments")
async def progress_of_departments(
    request: Request, principal: CurrentPrincipal, as_of: AsOf = None, as_known_on: KnownOn = None
) -> Any:
    """Each department's support posts by stage, FTE and cost moved, % centralised."""
    scope = department_scope(principal, None)
    figures = await _figures(
        request,
        as_of,
        as_known_on,
        lambda c: progress_by(c, journeys.c.department, department=scope),
    )
    return {"departments": _named("department", DEPARTMENTS, figures)}


@router.get("/teams")
async def progress_of_teams(
    request: Request, principal: CurrentPrincipal, as_of: AsOf = None, as_known_on: KnownOn = None
) -> Any:
    """Each centralised team: the posts proposed into it or of its function, and how far
    (a lead: of their own department's posts only)."""
    team = func.coalesce(journeys.c.target_team, journeys.c.function)
    scope = department_scope(principal, None)
    figures = await _figures(
        request, as_of, as_known_on, lambda c: progress_by(c, team, department=scope)
    )
    return {"teams": _named("team", CENTRAL_TEAMS, figures)}


@router.get("/functions")
async def progress_of_functions(
    request: Request, principal: CurrentPrincipal, as_of: AsOf = None, as_known_on: KnownOn = None
) -> Any:
    """Each support function across the council, with a breakdown by department (a lead:
    their own department's posts and breakdown only)."""
    scope = department_scope(principal, None)

    def query(connection: Any) -> Any:
        totals = progress_by(connection, journeys.c.function, department=scope)
        split = progress_by(
            connection, journeys.c.function, journeys.c.department, department=scope
        )
        return totals, split

    totals, split = await _figures(request, as_of, as_known_on, query)
    functions = _named("function", SUPPORT_FUNCTIONS, totals)
    for row in functions:
        row["departments"] = {
            department: figures
            for (function, department), figures in split.items()
            if function == row["function"]
        }
    return {"functions": functions}


def _named(
    kind: str, names: Mapping[str, str], figures: dict[tuple[Any, ...], dict[str, Any]]
) -> list[dict[str, Any]]:
    """A row a code, in code order: the code, its name in the council's words, its figures."""
    return [
        {kind: key[0], "name": names.get(key[0], key[0]), **entry}
        for key, entry in sorted(figures.items(), key=lambda item: str(item[0]))
    ]
