"""The tracker's answers: a post's journey, its timeline, lists of posts, what is blocked."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from services.workflow.adapters.journey_store import dated_facts, timeline_rows
from services.workflow.adapters.post_queries import get_journey, list_journeys, live_journeys
from services.workflow.domain.blockers import blockers_of
from services.workflow.domain.journey import Journey
from services.workflow.domain.journey_as_of import journey_as_of
from services.workflow.entrypoints.api_progress import AsOf, KnownOn
from services.workflow.entrypoints.dependencies import (
    check_may_see_post,
    context_of,
    department_scope,
    read,
)
from shared.auth import CurrentPrincipal
from shared.request_guards import MAX_OFFSET

router = APIRouter(tags=["tracker"])


def _journey_view(journey: Journey, request: Request) -> dict[str, Any]:
    today = context_of(request).clock().date()
    return {**asdict(journey), "blockers": [asdict(b) for b in blockers_of(journey, today)]}


async def _visible_journey(post_number: str, request: Request, principal: Any) -> Journey:
    journey = await read(request, lambda connection: get_journey(connection, post_number))
    if journey is None:
        raise HTTPException(404, f"post {post_number} has not been seen by the tracker")
    check_may_see_post(principal, journey.department)
    return journey


@router.get("/posts/{post_number}")
async def get_post_journey(
    post_number: str,
    request: Request,
    principal: CurrentPrincipal,
    as_of: AsOf = None,
    as_known_on: KnownOn = None,
) -> dict[str, Any]:
    """Where the post is on its journey: stage, current transfer, budget, blockers; with
    `as_of` and/or `as_known_on`, where it was on that date as known on that day."""
    journey = await _visible_journey(post_number, request, principal)
    if as_of is None and as_known_on is None:
        return _journey_view(journey, request)
    day = as_of or context_of(request).clock().date()
    facts = await read(request, lambda c: dated_facts(c, post_number).get(post_number, []))
    then = journey_as_of(post_number, facts, day, as_known_on)
    if not then.registered:
        known = f" as known on {as_known_on:%d %B %Y}" if as_known_on else ""
        raise HTTPException(404, f"post {post_number} was not registered on {day:%d %B %Y}{known}")
    blockers = [asdict(b) for b in blockers_of(then, day)]
    known_on = as_known_on.isoformat() if as_known_on else None
    return {**asdict(then), "blockers": blockers, "as_of": day.isoformat(), "as_known_on": known_on}


@router.get("/posts/{post_number}/timeline")
async def get_post_timeline(
    post_number: str, request: Request, principal: CurrentPrincipal, as_known_on: KnownOn = None
) -> dict[str, Any]:
    """Every event about the post, oldest first, with times, actor and a summary (with
    `as_known_on`: those recorded by the end of that day)."""
    await _visible_journey(post_number, request, principal)
    rows = await read(request, lambda connection: timeline_rows(connection, post_number))
    if as_known_on is not None:
        rows = [row for row in rows if _recorded_on(row["recorded_at"]) <= as_known_on]
    events = [
        {
            "event_type": row["event_type"],
            "occurred_at": row["occurred_at"],
            "recorded_at": row["recorded_at"],
            "effective_date": row["effective_date"],
            "actor": {"id": row["actor_id"], "role": row["actor_role"]},
            "summary": row["summary"],
            "transfer_id": row["transfer_id"],
            "stream": row["stream"],
            "sequence": row["sequence"],
            "event_id": row["event_id"],
        }
        for row in rows
    ]
    return {"post_number": post_number, "events": events}


def _recorded_on(stamp: str) -> date:
    return datetime.fromisoformat(stamp).astimezone(UTC).date()


@router.get("/posts")
async def list_posts(
    request: Request,
    principal: CurrentPrincipal,
    department: str | None = None,
    stage: str | None = None,
    function: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """Posts filtered by department, stage and function (leads: their own department)."""
    scope = department_scope(principal, department)
    found = await read(request, lambda c: list_journeys(c, scope, stage, function, limit, offset))
    return {"posts": [_journey_view(journey, request) for journey in found]}


@router.get("/blocked")
async def list_blocked(
    request: Request, principal: CurrentPrincipal, department: str | None = None
) -> dict[str, Any]:
    """Every post whose transfer is blocked today, with its blockers."""
    scope = department_scope(principal, department)
    live = await read(request, lambda connection: live_journeys(connection, scope))
    views = [_journey_view(journey, request) for journey in live]
    return {"posts": [view for view in views if view["blockers"]]}
