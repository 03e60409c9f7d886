"""The programme plan: waves, their plan versions, and planned versus actual as of a date.

HR or finance staff (the programme office's hands) plan and re-plan waves; anyone signed in
reads them. A department lead's breakdown by department shows only their own department.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from services.workflow.adapters.wave_queries import posts_of_wave
from services.workflow.application import wave_handlers as handlers
from services.workflow.domain.waves import EqualityAssessment, Wave, WaveNotFound, WavePlan
from services.workflow.entrypoints.dependencies import (
    CandidateEditor,
    Officers,
    context_of,
    read,
    run_command,
)
from services.workflow.projections.board import board_inputs
from services.workflow.projections.programme import load_waves
from shared.auth import CurrentPrincipal, Principal
from shared.bounds import CouncilDate, Pounds
from shared.events.programme import EqualityAssessmentStatus, WaveStatus
from shared.free_text import HonestText
from shared.programme.board import board_tables, tables_json
from shared.programme.progress import PostDates, wave_progress

router = APIRouter(prefix="/programme", tags=["programme"])
AS_OF = Query(None, description="Planned versus actual as of this date; default: today.")


class PlanIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, examples=["Wave 1: Finance and ICT"])
    functions: list[str] = Field(min_length=1, max_length=8, examples=[["FIN", "ICT"]])
    departments: list[str] = Field(default_factory=list, max_length=4)
    consultation_starts_on: CouncilDate
    approval_by: CouncilDate
    effective_on: CouncilDate
    target_saving: Pounds = Field(description="£ a year.")
    owner_role: str = Field(min_length=1, max_length=120)
    status: WaveStatus = "planned"
    decision_reference_required: bool = Field(
        False, description="Approvals of the wave's posts must name their decision."
    )
    equality_assessment_required: bool = Field(
        False, description="No approval before the equality impact assessment is completed."
    )


class AssessmentIn(BaseModel):
    status: EqualityAssessmentStatus
    assessed_on: CouncilDate | None = None
    link: str = Field("", max_length=500)
    document_sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")


class WaveIn(PlanIn):
    wave_id: str = Field(pattern=r"^[A-Za-z0-9-]{1,40}$", examples=["W1"])


class ReplanIn(PlanIn):
    reason: HonestText = Field(min_length=1, max_length=2000)


@router.post("/waves", status_code=201)
async def plan_wave(body: WaveIn, request: Request, principal: CandidateEditor) -> Any:
    """Plan a wave (plan version 1)."""
    command = handlers.PlanWave(**body.model_dump())
    version = await run_command(
        request, principal, lambda c, ctx, now: handlers.plan_wave(c, ctx, command, now)
    )
    return {"wave_id": body.wave_id, "plan_version": version}


@router.post("/waves/{wave_id}/replan")
async def replan_wave(
    wave_id: str, body: ReplanIn, request: Request, principal: CandidateEditor
) -> Any:
    """Re-plan a wave: a new plan version; the earlier ones stay visible."""
    command = handlers.PlanWave(wave_id=wave_id, **body.model_dump())
    version = await run_command(
        request, principal, lambda c, ctx, now: handlers.replan_wave(c, ctx, command, now)
    )
    return {"wave_id": wave_id, "plan_version": version}


@router.post("/waves/{wave_id}/equality-assessment")
async def record_equality_assessment(
    wave_id: str, body: AssessmentIn, request: Request, principal: CandidateEditor
) -> Any:
    """Record where the wave's equality impact assessment stands (a policy may require it
    completed before any of the wave's posts is approved)."""
    assessment = EqualityAssessment(**body.model_dump())
    await run_command(
        request,
        principal,
        lambda c, ctx, now: handlers.record_equality_assessment(c, ctx, wave_id, assessment, now),
    )
    return {"wave_id": wave_id, "equality_assessment": asdict(assessment)}


@router.get("/waves")
async def list_waves(
    request: Request, principal: CurrentPrincipal, as_of: CouncilDate | None = AS_OF
) -> Any:
    """Every wave: its current plan, earlier versions, and planned versus actual."""
    day = as_of or context_of(request).clock().date()
    waves = await read(request, lambda c: [_answer(c, w, day, principal) for w in load_waves(c)])
    return {"as_of": day, "waves": waves}


@router.get("/waves/{wave_id}")
async def show_wave(
    wave_id: str, request: Request, principal: CurrentPrincipal, as_of: CouncilDate | None = AS_OF
) -> Any:
    """One wave, with every plan version and planned versus actual by department."""
    day = as_of or context_of(request).clock().date()

    def query(connection: Connection) -> dict[str, Any]:
        found = load_waves(connection, wave_id)
        if not found:
            raise WaveNotFound(wave_id)
        return _answer(connection, found[0], day, principal)

    return await read(request, query)


@router.get("/board-report")
async def board_report(request: Request, _: Officers, as_of: CouncilDate | None = AS_OF) -> Any:
    """The six-monthly programme report's figures as of a date: headline, waves planned
    against actual, savings against targets, risks, decisions in the period, weekly trend."""
    day = as_of or context_of(request).clock().date()
    tables = await read(request, lambda c: board_tables(board_inputs(c), day))
    return {"as_of": day, "tables": tables_json(tables)}


def _answer(
    connection: Connection, wave: Wave, day: CouncilDate, principal: Principal
) -> dict[str, Any]:
    plan = wave.current
    posts = posts_of_wave(connection, plan)
    departments = sorted({p.department for p in posts if p.department})
    seen = posts
    if principal.role == "department_lead":
        departments = [d for d in departments if d == principal.department]
        seen = [p for p in posts if p.department == principal.department]
    return {
        "wave_id": wave.wave_id,
        "plan": asdict(plan),
        "plan_versions": [asdict(version) for version in wave.plans],
        "equality_assessment": asdict(wave.equality_assessment)
        if wave.equality_assessment
        else None,
        # A lead's: their own department's posts (a wave's whole cost moved is others' money).
        "progress": asdict(wave_progress(plan, seen, day)),
        "by_department": {
            department: _progress_of(plan, [p for p in posts if p.department == department], day)
            for department in departments
        },
        "by_function": {
            function: _progress_of(plan, [p for p in seen if p.function == function], day)
            for function in sorted({p.function for p in seen if p.function})
        },
    }


def _progress_of(plan: WavePlan, posts: list[PostDates], day: CouncilDate) -> dict[str, Any]:
    return asdict(wave_progress(plan, posts, day))
