"""Process reviews: starting one for a function Workflow hosts, and what departments said
they need from the central teams (support needs, from every producer's reviews)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from services.workflow.application import redesign_handlers as handlers
from services.workflow.application.commands import StartReview
from services.workflow.entrypoints.dependencies import (
    CandidateEditor,
    department_scope,
    read,
    run_command,
)
from services.workflow.projections.support_needs import support_needs_by_department
from shared.auth import CurrentPrincipal
from shared.redesign.api import ReviewIn  # the same body HR and Finance take

router = APIRouter(tags=["redesign"])


@router.post("/processes/{process_id}/review", status_code=201)
async def start_review(
    process_id: str, body: ReviewIn, request: Request, principal: CandidateEditor
) -> Any:
    """Start reviewing a process of a function Workflow hosts (not HR's or Finance's)."""
    command = StartReview(
        process_id=process_id,
        started_on=body.started_on,
        support_needs=[(need.department, need.need) for need in body.support_needs],
    )
    await run_command(
        request, principal, lambda c, ctx, now: handlers.start_review(c, ctx, command, now)
    )
    return {"process_id": process_id, "in_review": True}


@router.get("/support-needs")
async def support_needs(
    request: Request, principal: CurrentPrincipal, department: str | None = None
) -> Any:
    """What each department said it needs from the central teams, by department."""
    scope = department_scope(principal, department)
    found = await read(request, lambda c: support_needs_by_department(c, scope))
    return {"departments": found}
