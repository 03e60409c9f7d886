"""A department lead's view: their department only — posts moving and when, what is stuck,
and redesign candidates touching their services. The page refreshes its figures live."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.console.entrypoints.session import NotAllowed, SignedIn, User, console_of, render

router = APIRouter(include_in_schema=False)
MOVING = ("proposed", "in_consultation", "consultation_closed", "approved", "effective")


@router.get("/lead")
async def lead_view(request: Request, user: SignedIn) -> Response:
    return render(request, "lead.html", title="My department", **await _figures(request, user))


@router.get("/lead/live")
async def lead_live(request: Request, user: SignedIn) -> Response:
    """The same figures as a fragment, for the page's live refresh."""
    return render(request, "lead_figures.html", **await _figures(request, user))


async def _figures(request: Request, user: User) -> dict[str, Any]:
    if user.role != "department_lead" or not user.department:
        raise NotAllowed("This view is for department leads. Use the programme dashboard.")
    workflow, token = console_of(request).services.workflow, user.token
    # Workflow scopes every answer to the lead's own department from their token.
    by_stage = [
        workflow.get(token, "/posts", department=user.department, stage=stage, limit=1000)
        for stage in MOVING
    ]
    answers = await asyncio.gather(
        workflow.get(token, "/progress/departments"),
        workflow.get(token, "/blocked", department=user.department),
        workflow.get(token, "/candidates", department=user.department, limit=200),
        *by_stage,
    )
    progress, blocked, candidates, *stages = answers
    moving = sorted(
        (post for answer in stages for post in answer["posts"]),
        key=lambda post: (post.get("effective_date") or "9999", post["post_number"]),
    )
    return {
        "department": user.department,
        "progress": next(iter(progress["departments"]), None),
        "moving": moving,
        "blocked": blocked["posts"],
        "candidates": candidates["candidates"],
    }
