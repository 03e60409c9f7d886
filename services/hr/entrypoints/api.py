"""HR's HTTP API for the post register: thin — validate, build a command, hand it over.

HR staff change things; anyone signed in may read. Views carry employee references only.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Request

from services.hr.adapters import queries
from services.hr.adapters.post_history import post_history
from services.hr.adapters.unit_of_work import ConnectionPerThread
from services.hr.application.bulk import run_commands, totals
from services.hr.application.commands import RegisterPost, SchedulePostChange, UpdatePost
from services.hr.application.post_as_of import post_as_of
from services.hr.application.posts import register_post, update_post
from services.hr.domain.errors import PostNotFound
from services.hr.domain.transfer import Stage
from services.hr.entrypoints.context import (
    HrStaff,
    actor_of,
    give,
    hr_of,
    may_see,
    run_command,
)
from services.hr.entrypoints.posts_csv import read_posts
from services.hr.entrypoints.schemas import Department, Function, PostChangeIn, PostIn
from shared.auth import CurrentPrincipal
from shared.http import correlation_id_of
from shared.request_guards import MAX_OFFSET

router = APIRouter(tags=["posts"])
KNOWN_ON = "YYYY-MM-DD: only what had been recorded by the end of that day; default: all."
STAGES = (queries.NOT_YET_MOVED, *(stage.value for stage in Stage))


@router.post("/posts", status_code=201)
async def register(body: PostIn, request: Request, principal: HrStaff) -> dict[str, str]:
    """Add a post to the register."""
    command = RegisterPost(**body.model_dump(), effective_date=hr_of(request).clock.today())
    post = await run_command(request, principal, lambda uow: register_post(uow, command))
    return {"post_number": post.post_number}


@router.patch("/posts/{post_number}")
async def change(
    post_number: str, body: PostChangeIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Change a post's details, or correct a wrong one (`corrects_event_id`)."""
    command = change_command(post_number, body, hr_of(request).clock.today())
    if isinstance(command, SchedulePostChange):
        await give(request, principal, command)
        return await get_post(post_number, request, principal)
    await run_command(request, principal, lambda uow: update_post(uow, command))
    return await get_post(post_number, request, principal)


def change_command(
    post_number: str, body: PostChangeIn, today: date
) -> UpdatePost | SchedulePostChange:
    """The change now, or (dated later, and not a correction) scheduled for its date."""
    changes = body.model_dump(
        exclude_none=True,
        exclude={
            "employee_name",
            "employee_email",
            "vacant",
            "reason",
            "effective_date",
            "corrects_event_id",
        },
    )
    if body.vacant:
        changes["employee_ref"] = None
    if body.effective_date is not None and body.effective_date > today:
        if body.corrects_event_id:
            raise HTTPException(422, "a correction puts a recorded fact right now: give no date")
        return SchedulePostChange(
            post_number=post_number,
            changes=changes,
            reason=body.reason,
            effective_date=body.effective_date,
            today=today,
        )
    return UpdatePost(
        post_number=post_number,
        changes=changes,
        reason=body.reason,
        effective_date=body.effective_date or today,
        corrects_event_id=body.corrects_event_id,
        employee_name=body.employee_name,
        employee_email=body.employee_email,
    )


@router.get("/posts/{post_number}")
async def get_post(
    post_number: str,
    request: Request,
    principal: CurrentPrincipal,
    as_of: Annotated[date | None, Query(description="YYYY-MM-DD: the post then.")] = None,
    as_known_on: Annotated[date | None, Query(description=KNOWN_ON)] = None,
) -> dict[str, Any]:
    """A post and every transfer it has had (a department lead: their department's only);
    with `as_of` and/or `as_known_on`, the post as at that date as HR knew it on that day."""
    hr = hr_of(request)
    view = await hr.read(lambda connection: queries.post_view(connection, post_number))
    if view is None:
        raise PostNotFound(post_number)
    may_see(principal, view["department"])
    if as_of is None and as_known_on is None:
        return view
    prefix, day = hr.runtime.settings.topic_prefix, as_of or hr.clock.today()
    then = await hr.read(
        lambda c: post_as_of(post_history(c, prefix, post_number), post_number, day, as_known_on)
    )
    if then is None:
        known = f" as known on {as_known_on:%d %B %Y}" if as_known_on else ""
        raise HTTPException(404, f"post {post_number} was not registered on {day:%d %B %Y}{known}")
    return then


@router.get("/posts")
async def list_posts(
    request: Request,
    principal: CurrentPrincipal,
    department: Department | None = None,
    function: Function | None = None,
    stage: Annotated[str | None, Query(pattern="^(" + "|".join(STAGES) + ")$")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[dict[str, Any]]:
    """Posts by department, function and stage of their transfer, in post-number order."""
    if principal.role == "department_lead":
        department = department or principal.department
        may_see(principal, department)
    return await hr_of(request).read(
        lambda connection: queries.list_posts(
            connection, department, function, stage, limit, offset
        )
    )


@router.post("/posts/csv")
async def load_csv(
    request: Request,
    principal: HrStaff,
    text: Annotated[str, Body(media_type="text/csv", description="CSV with a header row.")],
) -> dict[str, Any]:
    """Register every good line of a CSV of posts; report each line done or refused."""
    hr = hr_of(request)
    commands, bad = read_posts(text)
    today = hr.clock.today()
    commands = [RegisterPost(**{**_fields(c), "effective_date": today}) for c in commands]
    context = hr.event_context(actor_of(principal), correlation_id_of(request))

    def load() -> list[Any]:
        with ConnectionPerThread(hr.runtime.engine, hr.master_key) as connections:
            return run_commands(
                lambda: connections.chunk(context), commands, workers=hr.bulk_workers
            )

    results = await asyncio.to_thread(load)
    hr.runtime.relay.notify()
    rows = [
        {"post_number": r.post_number, "outcome": r.outcome, "reason": r.reason} for r in results
    ]
    rows += [
        {"post_number": b.post_number, "outcome": "refused", "reason": f"line {b.line}: {b.reason}"}
        for b in bad
    ]
    counted = totals(results)
    counted["refused"] += len(bad)
    counted["rows"] += len(bad)
    return {"totals": counted, "rows": rows}


def _fields(command: RegisterPost) -> dict[str, Any]:
    return {name: getattr(command, name) for name in command.__dataclass_fields__}
