"""Finding a post (number, title, department, team) and its page: journey, timeline, blockers."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.console.adapters.services_api import ApiRefusal, ServiceApi
from services.console.entrypoints.session import SignedIn, User, console_of, render
from shared.reference import CENTRAL_TEAMS, DEPARTMENTS, department_code, team_code

router = APIRouter(include_in_schema=False)
PAGE = 1000  # Workflow's largest page
MOST_SCANNED = 20_000
SHOWN = 100


@router.get("/posts")
async def find_posts(
    request: Request, user: SignedIn, q: str = "", department: str = "", team: str = ""
) -> Response:
    """Search by post number, words in the title, department or centralised team."""
    q = q.strip()
    if user.role == "department_lead":
        department = user.department or ""
    workflow = console_of(request).services.workflow
    if q.isdigit() and not team:
        try:
            journey = await workflow.get(user.token, f"/posts/{q}")
        except ApiRefusal as refusal:
            if refusal.status != 404:
                raise
        else:
            return RedirectResponse(f"/posts/{journey['post_number']}", status_code=303)
    searched = bool(q or department or team)
    found: list[dict[str, Any]] = []
    if searched:
        found = await _matching(workflow, user, q, department_code(department), team_code(team))
    return render(
        request,
        "posts.html",
        title="Find a post",
        q=q,
        department=department,
        team=team,
        searched=searched,
        total=len(found),
        posts=found[:SHOWN],
        shown=SHOWN,
        departments=list(DEPARTMENTS.items()),
        teams=list(CENTRAL_TEAMS.items()),
    )


async def _matching(
    workflow: ServiceApi, user: User, q: str, department: str | None, team: str | None
) -> list[dict[str, Any]]:
    # Workflow filters by department and function; words in the title are matched here.
    words = q.casefold()
    found = []
    for post in await every_post(workflow, user, department=department, function=team):
        if (
            not words
            or words in (post.get("title") or "").casefold()
            or (post["post_number"].startswith(words))
        ):
            found.append(post)
    return found


async def every_post(workflow: ServiceApi, user: User, **filters: str | None) -> list[Any]:
    """Workflow's posts matching `filters`, page by page, up to MOST_SCANNED."""
    found: list[Any] = []
    for offset in range(0, MOST_SCANNED, PAGE):
        page = await workflow.get(user.token, "/posts", limit=PAGE, offset=offset, **filters)
        found += page["posts"]
        if len(page["posts"]) < PAGE:
            break
    return found


@router.get("/posts/{post_number}")
async def post_page(request: Request, user: SignedIn, post_number: str) -> Response:
    """A post's journey: where it is, its blockers, and every event with who and when."""
    workflow = console_of(request).services.workflow
    journey, timeline = await asyncio.gather(
        workflow.get(user.token, f"/posts/{post_number}"),
        workflow.get(user.token, f"/posts/{post_number}/timeline"),
    )
    return render(
        request,
        "post.html",
        title=f"Post {post_number}",
        post=journey,
        events=list(reversed(timeline["events"])),
    )
