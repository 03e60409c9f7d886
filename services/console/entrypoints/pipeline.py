"""The redesign pipeline: candidates by status and priority score, with savings identified,
approved and realised exactly as Workflow's `/savings` defines and adds them up."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

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
    answer, savings = await asyncio.gather(
        workflow.get(user.token, "/candidates", team=team, sort="score", limit=5000),
        workflow.get(user.token, "/savings"),
    )
    candidates: list[dict[str, Any]] = answer["candidates"]
    by_status = [
        (status, words, [c for c in candidates if c["status"] == status])
        for status, words in STATUSES.items()
    ]
    figures = _figures(savings, team, user.department if user.role == "department_lead" else "")
    return render(
        request,
        "pipeline.html",
        title="Redesign pipeline",
        by_status=by_status,
        team=team,
        count=len(candidates),
        figures=figures,
        financial_year=savings["financial_year"],
    )


def _figures(savings: dict[str, Any], team: str, department: str | None) -> dict[str, int]:
    """The team's, the lead's department's or the programme's position from `/savings`."""
    rows = [row for row in savings["teams"] if row["team"] == team] if team else []
    if not team and department:
        rows = [row for row in savings.get("departments", []) if row["department"] == department]
    found = rows[0] if rows else ({} if team or department else savings.get("programme", {}))
    return {key: int(found.get(key, 0)) for key in ("identified", "approved", "realised")}
