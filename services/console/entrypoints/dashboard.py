"""The programme dashboard: progress per department, team and function, the scope of posts,
the clocks of open consultation exercises, savings and FTE released, and the posts delivered
redesigns put at risk or took out of the establishment."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.console.entrypoints.session import SignedIn, console_of, render

router = APIRouter(include_in_schema=False)


@router.get("/dashboard")
async def dashboard(request: Request, user: SignedIn) -> Response:
    """Figures exactly as Workflow's progress and savings APIs give them."""
    if user.role == "department_lead":
        return RedirectResponse("/lead", status_code=303)
    workflow = console_of(request).services.workflow
    departments, teams, functions, savings, exercises = await asyncio.gather(
        workflow.get(user.token, "/progress/departments"),
        workflow.get(user.token, "/progress/teams"),
        workflow.get(user.token, "/progress/functions"),
        workflow.get(user.token, "/savings"),
        workflow.get(user.token, "/consultations", status="open"),
    )
    return render(
        request,
        "dashboard.html",
        title="Programme dashboard",
        groups=[
            ("departments", "By department", "Department", departments["departments"]),
            ("teams", "By centralised team", "Centralised team", teams["teams"]),
            ("functions", "By support function", "Support function", functions["functions"]),
        ],
        savings=savings,
        endings=[row for row in teams["teams"] if _ended_any(row)],
        ended=ended_totals(departments["departments"]),
        scope_rows=departments["departments"],
        # The clocks that run out first come first.
        clocks=sorted(exercises["consultations"], key=lambda e: e["clock"]["days_left"] or 0),
    )


ENDINGS = ("posts_at_risk", "posts_disestablished", "fte_disestablished",
           "annual_cost_disestablished")  # fmt: skip


def _ended_any(row: dict[str, Any]) -> bool:
    return any(row.get(key) for key in ENDINGS)


def ended_totals(rows: list[dict[str, Any]]) -> dict[str, float]:
    """The programme's (or a lead's department's) posts at risk and disestablished: every post
    is in one department, so the departments' rows add up to the whole without counting twice."""
    totals = {key: sum(row.get(key, 0) for row in rows) for key in ENDINGS}
    totals["fte_disestablished"] = round(totals["fte_disestablished"], 2)
    return totals
