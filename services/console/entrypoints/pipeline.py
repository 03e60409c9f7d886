"""The redesign pipeline: candidates by status and priority score, estimated vs realised."""

from __future__ import annotations

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
    answer = await workflow.get(user.token, "/candidates", team=team, sort="score", limit=5000)
    candidates: list[dict[str, Any]] = answer["candidates"]
    by_status = [
        (status, words, [c for c in candidates if c["status"] == status])
        for status, words in STATUSES.items()
    ]
    estimated = sum(c["money_saved_per_year"] or 0 for c in candidates if c["status"] != "rejected")
    realised = sum(c["realised_money_saved_per_year"] or 0 for c in candidates)
    return render(
        request,
        "pipeline.html",
        title="Redesign pipeline",
        by_status=by_status,
        team=team,
        count=len(candidates),
        estimated=round(estimated),
        realised=realised,
    )
