"""The redesign pipeline: candidates by status and priority score, with savings identified,
approved and realised exactly as Workflow's `/savings` defines and adds them up, the FTE
released, and the posts delivered candidates put at risk or disestablished (`/progress`)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.console.entrypoints.dashboard import ended_totals
from services.console.entrypoints.session import SignedIn, console_of, render

router = APIRouter(include_in_schema=False)
STATUSES = {
    "identified": "Identified",
    "assessed": "Assessed",
    "approved": "Approved",
    "in_delivery": "In delivery",
    "delivered": "Delivered",
    "rejected": "Rejected",
}


@router.get("/pipeline")
async def pipeline(request: Request, user: SignedIn, team: str = "") -> Response:
    """Candidates best first within each status (Workflow's priority score)."""
    workflow = console_of(request).services.workflow
    answer, savings, teams = await asyncio.gather(
        workflow.get(user.token, "/candidates", team=team, sort="score", limit=5000),
        workflow.get(user.token, "/savings"),
        workflow.get(user.token, "/progress/teams"),  # a lead's: their department's posts only
    )
    candidates: list[dict[str, Any]] = answer["candidates"]
    by_status = [
        (status, words, [c for c in candidates if c["status"] == status])
        for status, words in STATUSES.items()
    ]
    lead_of = user.department if user.role == "department_lead" else ""
    figures = _figures(savings, team, lead_of)
    ended = ended_totals([row for row in teams["teams"] if not team or row["team"] == team])
    return render(
        request,
        "pipeline.html",
        title="Redesign pipeline",
        by_status=by_status,
        team=team,
        count=len(candidates),
        figures=figures,
        fte_released=None if lead_of else _fte_released(savings, team),
        ended=ended,
        financial_year=savings["financial_year"],
    )


def _figures(savings: dict[str, Any], team: str, department: str | None) -> dict[str, int]:
    """The team's, the lead's department's or the programme's position from `/savings`."""
    rows = [row for row in savings["teams"] if row["team"] == team] if team else []
    if not team and department:
        rows = [row for row in savings.get("departments", []) if row["department"] == department]
    found = rows[0] if rows else ({} if team or department else savings.get("programme", {}))
    return {key: int(found.get(key, 0)) for key in ("identified", "approved", "realised")}


def _fte_released(savings: dict[str, Any], team: str) -> float:
    """The team's or the programme's FTE released in the year (`/savings` has it by team, not
    by department, so a lead is not shown it)."""
    if not team:
        return float(savings["programme"].get("fte_released", 0))
    rows = [row for row in savings["teams"] if row["team"] == team]
    return float(rows[0].get("fte_released", 0)) if rows else 0.0
