"""The redesign pipeline: processes and candidates, read by anyone, written by HR or Finance
staff for functions whose own service publishes no redesign events."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from services.workflow.adapters.pipeline_queries import candidate_views, ranked
from services.workflow.adapters.tables import processes
from services.workflow.application import redesign_handlers as handlers
from services.workflow.application.commands import (
    CandidateStep,
    IdentifyCandidate,
    RegisterProcess,
)
from services.workflow.entrypoints.dependencies import (
    CandidateEditor,
    context_of,
    department_scope,
    read,
    run_command,
)
from shared.auth import CurrentPrincipal
from shared.bounds import CasesPerYear, HoursPerYear, MinutesPerCase, Percent, Pounds
from shared.free_text import HonestText

T = TypeVar("T")
router = APIRouter(tags=["redesign"])
Step = Literal["assess", "approve", "reject", "start-delivery", "deliver"]


class ProcessIn(BaseModel):
    function: str = Field(pattern=r"^[A-Z]{2,6}$", description="Support function code, e.g. ICT.")
    name: str = Field(min_length=1, max_length=300)
    volume_per_year: CasesPerYear
    minutes_per_case: MinutesPerCase
    rework_percent: Percent = 0
    average_grade_cost: Pounds
    process_id: str | None = Field(None, pattern=r"^[A-Za-z0-9-]{3,60}$")


class CandidateIn(BaseModel):
    process_id: str
    kind: Literal["streamline", "automate", "digitise"]
    title: str = Field(min_length=1, max_length=300)
    automation_potential_percent: Percent
    ease: int = Field(ge=1, le=5, description="1 = very hard, 5 = very easy.")
    post_numbers: list[str] = Field(default_factory=list, max_length=10_000)
    departments: list[str] = Field(default_factory=list, max_length=10)
    candidate_id: str | None = Field(None, pattern=r"^[A-Za-z0-9-]{3,60}$")


class StepIn(BaseModel):
    automation_potential_percent: Percent | None = None
    ease: int | None = Field(None, ge=1, le=5)
    notes: HonestText = Field("", max_length=2000)
    reason: HonestText = Field("", max_length=2000)
    realised_hours_saved_per_year: HoursPerYear | None = None
    realised_money_saved_per_year: Pounds | None = None


@router.post("/processes", status_code=201)
async def register_process(body: ProcessIn, request: Request, principal: CandidateEditor) -> Any:
    """Record a process of a function whose service publishes no redesign events."""
    command = RegisterProcess(**body.model_dump())
    process_id = await run_command(
        request, principal, lambda c, ctx, now: handlers.register_process(c, ctx, command, now)
    )
    return {"process_id": process_id}


@router.get("/processes")
async def list_processes(request: Request, _: CurrentPrincipal, team: str | None = None) -> Any:
    """Every known process, from any service."""
    query = select(processes).order_by(processes.c.process_id)
    if team:
        query = query.where(processes.c.team == team)
    rows = await read(request, lambda c: [dict(row) for row in c.execute(query).mappings()])
    return {"processes": rows}


@router.post("/candidates", status_code=201)
async def identify_candidate(
    body: CandidateIn, request: Request, principal: CandidateEditor
) -> Any:
    """Record a streamline, automate or digitise opportunity in a Workflow-held process."""
    command = IdentifyCandidate(**body.model_dump())
    candidate_id = await run_command(
        request, principal, lambda c, ctx, now: handlers.identify_candidate(c, ctx, command, now)
    )
    return {"candidate_id": candidate_id}


@router.post("/candidates/{candidate_id}/{step}")
async def take_candidate_step(
    candidate_id: str, step: Step, body: StepIn, request: Request, principal: CandidateEditor
) -> Any:
    """Assess, approve, reject, start delivery of, or deliver a candidate."""
    command = CandidateStep(
        candidate_id=candidate_id, step=step.replace("-", "_"), **body.model_dump()
    )
    await run_command(
        request, principal, lambda c, ctx, now: handlers.take_step(c, ctx, command, now)
    )
    return await get_candidate(candidate_id, request, principal)


@router.get("/candidates")
async def list_candidates(
    request: Request,
    principal: CurrentPrincipal,
    team: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    process_id: str | None = None,
    department: str | None = None,
    sort: Literal["score", "money", "hours", "ease"] = "score",
    limit: int = Query(200, ge=1, le=5000),
) -> Any:
    """Candidates with estimated benefits and priority score, best first."""
    scope = department_scope(principal, department)
    working = context_of(request).working_time
    views = await read(
        request,
        lambda c: candidate_views(
            c,
            working,
            team=team,
            status=status,
            kind=kind,
            process_id=process_id,
            department=scope,
        ),
    )
    return {"candidates": ranked(views, sort)[:limit]}


@router.get("/candidates/{candidate_id}")
async def get_candidate(candidate_id: str, request: Request, principal: CurrentPrincipal) -> Any:
    """One candidate with its benefits and score."""
    working = context_of(request).working_time
    views = await read(request, lambda c: candidate_views(c, working))
    found = [view for view in views if view["candidate_id"] == candidate_id]
    if not found:
        raise HTTPException(404, f"candidate {candidate_id} is not known")
    scope = department_scope(principal, None)
    if scope and scope not in found[0]["departments"]:
        raise HTTPException(403, "department leads see only candidates touching their department")
    return found[0]
