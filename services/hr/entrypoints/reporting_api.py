"""HR's HTTP API for reporting lines: whom a post reports to, and each central team's head."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from services.hr.adapters.post_history import post_history
from services.hr.adapters.team_heads import TeamHeadRepository
from services.hr.application import commands as c
from services.hr.application.org_chart import chart_as_of
from services.hr.entrypoints.api import KNOWN_ON, get_post
from services.hr.entrypoints.context import HrStaff, Officers, give, hr_of
from services.hr.entrypoints.schemas import CentralTeam, ReportingLineIn, TeamHeadIn
from shared.auth import CurrentPrincipal
from shared.bounds import PostNumber
from shared.reference import CENTRAL_TEAMS

router = APIRouter(tags=["reporting lines"])


@router.put("/posts/{post_number}/reports-to")
async def change_reporting_line(
    post_number: PostNumber, body: ReportingLineIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Make the post report to another post (or, with null, to none); with a later
    effective date the change is recorded now and made on that date."""
    today = hr_of(request).clock.today()
    command: Any = c.ChangeReportingLine(
        post_number=post_number,
        reports_to=body.reports_to,
        reason=body.reason,
        effective_date=body.effective_date or today,
    )
    if body.effective_date is not None and body.effective_date > today:
        command = c.SchedulePostChange(
            post_number=post_number,
            changes={"reports_to": body.reports_to},
            reason=body.reason,
            effective_date=body.effective_date,
            today=today,
        )
    await give(request, principal, command)
    return await get_post(post_number, request, principal)


@router.put("/teams/{team}/head")
async def name_team_head(
    team: CentralTeam, body: TeamHeadIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Name a post in the central team as its head: moves report to it by default."""
    command = c.NameTeamHead(
        team=team,
        post_number=body.post_number,
        reason=body.reason,
        effective_date=hr_of(request).clock.today(),
    )
    await give(request, principal, command)
    return {"team": team, "team_name": CENTRAL_TEAMS[team], "head": body.post_number}


@router.get("/teams")
async def teams(request: Request, _: CurrentPrincipal) -> list[dict[str, Any]]:
    """Every central team with its head post (null until one is named)."""
    heads = await hr_of(request).read(lambda connection: TeamHeadRepository(connection).all())
    return [
        {"team": code, "team_name": name, "head": heads.get(code)}
        for code, name in CENTRAL_TEAMS.items()
    ]


@router.get("/org-chart")
async def org_chart(
    request: Request,
    _: Officers,
    as_of: Annotated[date | None, Query(description="YYYY-MM-DD; default: today.")] = None,
    as_known_on: Annotated[date | None, Query(description=KNOWN_ON)] = None,
) -> dict[str, Any]:
    """Who reports to whom on a date: a tree per department and per central team, with
    vacancies, from the post history HR recorded (future-dated moves count from their date;
    corrections put right the facts they name), as known now or on `as_known_on`."""
    hr = hr_of(request)
    day = as_of or hr.clock.today()
    prefix = hr.runtime.settings.topic_prefix
    return await hr.read(
        lambda connection: chart_as_of(post_history(connection, prefix), day, as_known_on)
    )
