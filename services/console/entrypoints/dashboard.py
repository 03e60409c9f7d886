"""The programme dashboard: progress per department, team and function, the scope of posts,
the clocks of open consultation exercises, and savings."""

from __future__ import annotations

import asyncio

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
        scope_rows=departments["departments"],
        # The clocks that run out first come first.
        clocks=sorted(exercises["consultations"], key=lambda e: e["clock"]["days_left"] or 0),
    )
