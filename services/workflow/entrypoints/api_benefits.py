"""The benefits register: each candidate's benefit case (owner, baseline, expected profile,
costs, net benefit and payback), its health, and what it realised, measured over time."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from services.workflow.adapters.fte_queries import fte_by, releases
from services.workflow.application import benefit_handlers as handlers
from services.workflow.application.commands import MeasureBenefit, RecordBenefitCase, ReleaseFte
from services.workflow.domain.benefit_case import cost_benefit
from services.workflow.entrypoints.dependencies import (
    CandidateEditor,
    context_of,
    read,
    run_command,
)
from services.workflow.projections.benefits import (
    benefit_case,
    benefit_case_ids,
    measurements,
    profile_of,
)
from shared.auth import CurrentPrincipal
from shared.bounds import CouncilDate, Pounds
from shared.free_text import HonestText

router = APIRouter(tags=["benefits"])
YEAR = r"^\d{4}/\d{2}$"


class ExpectedIn(BaseModel):
    financial_year: str = Field(pattern=YEAR, description="e.g. 2026/27")
    cashable_money: int = Field(le=100_000_000, description="Pounds the budget can lose.")
    hours_freed: float = Field(
        0, le=10_000_000, allow_inf_nan=False, description="Non-cashable hours given back."
    )


class CaseIn(BaseModel):
    owner_role: str = Field(min_length=3, max_length=200, description="A role or post.")
    baseline_measure: str = Field(min_length=1, max_length=300)
    baseline_value: float = Field(ge=0, allow_inf_nan=False)
    baseline_date: CouncilDate
    profile: list[ExpectedIn] = Field(min_length=1, max_length=15)
    one_off_cost: int = Field(le=100_000_000)
    running_cost_per_year: int = Field(0, le=100_000_000)
    post_numbers: list[str] = Field(default_factory=list, max_length=10_000)


class HealthIn(BaseModel):
    health: Literal["on_track", "on_hold", "at_risk", "delayed"]
    reason: HonestText = Field("", max_length=2000)


class MeasurementIn(BaseModel):
    measured_on: CouncilDate
    cashable_money: Pounds
    hours_freed: float = Field(0, ge=0, le=10_000_000, allow_inf_nan=False)
    note: str = Field("", max_length=2000)


@router.put("/candidates/{candidate_id}/benefits")
async def record_case(
    candidate_id: str, body: CaseIn, request: Request, principal: CandidateEditor
) -> Any:
    """Record (or restate in full) the candidate's benefit case."""
    fields = body.model_dump() | {
        "profile": [(y.financial_year, y.cashable_money, y.hours_freed) for y in body.profile]
    }
    command = RecordBenefitCase(candidate_id=candidate_id, **fields)
    working = context_of(request).working_time
    await run_command(
        request, principal, lambda c, ctx, now: handlers.record_case(c, ctx, command, working, now)
    )
    return await get_case(candidate_id, request, principal)


@router.post("/candidates/{candidate_id}/benefits/health")
async def change_health(
    candidate_id: str, body: HealthIn, request: Request, principal: CandidateEditor
) -> Any:
    """Mark the benefit on track, on hold, at risk or delayed."""
    await run_command(
        request,
        principal,
        lambda c, ctx, now: handlers.change_health(
            c, ctx, candidate_id, body.health, body.reason, now
        ),
    )
    return await get_case(candidate_id, request, principal)


@router.post("/candidates/{candidate_id}/benefits/measurements", status_code=201)
async def measure(
    candidate_id: str, body: MeasurementIn, request: Request, principal: CandidateEditor
) -> Any:
    """Record what the delivered candidate realised, measured on a day."""
    command = MeasureBenefit(candidate_id=candidate_id, **body.model_dump())
    await run_command(
        request, principal, lambda c, ctx, now: handlers.measure(c, ctx, command, now)
    )
    return await get_case(candidate_id, request, principal)


class FteReleaseIn(BaseModel):
    released_on: CouncilDate
    fte: float = Field(gt=0, le=10_000, description="Full-time equivalent released.")
    post_number: str | None = Field(
        None, pattern=r"^[0-9]{3,10}$", description="The post it comes from; none: the team."
    )
    note: HonestText = Field("", max_length=2000)


@router.post("/candidates/{candidate_id}/benefits/fte-released", status_code=201)
async def release_fte(
    candidate_id: str, body: FteReleaseIn, request: Request, principal: CandidateEditor
) -> Any:
    """Record FTE the delivered candidate released, from a post it claims or its team."""
    command = ReleaseFte(candidate_id=candidate_id, **body.model_dump())
    working = context_of(request).working_time
    await run_command(
        request, principal, lambda c, ctx, now: handlers.release_fte(c, ctx, command, working, now)
    )
    return await get_case(candidate_id, request, principal)


@router.get("/benefits")
async def register(
    request: Request,
    _: CurrentPrincipal,
    health: Literal["on_track", "on_hold", "at_risk", "delayed"] | None = None,
) -> Any:
    """The whole register: every candidate's case and figures (optionally of one health)."""
    cases = await read(request, lambda c: [case_view(c, i) for i in benefit_case_ids(c)])
    return {"benefits": [case for case in cases if case and health in (None, case["health"])]}


@router.get("/candidates/{candidate_id}/benefits")
async def get_case(candidate_id: str, request: Request, _: CurrentPrincipal) -> Any:
    """The candidate's benefit case with its net benefit, payback and realised figures."""
    found = await read(request, lambda c: case_view(c, candidate_id))
    if found is None:
        raise HTTPException(404, f"candidate {candidate_id} has no benefit case in the register")
    return found


def case_view(connection: Connection, candidate_id: str) -> dict[str, Any] | None:
    """The register's line for one candidate, with the arithmetic of docs/benefits.md."""
    case = benefit_case(connection, candidate_id)
    if case is None:
        return None
    measured = measurements(connection, candidate_id)
    figures = cost_benefit(
        profile_of(case["profile"]), case["one_off_cost"], case["running_cost_per_year"]
    )
    realised: dict[str, dict[str, float]] = {}
    for row in measured:
        year = realised.setdefault(row["financial_year"], {"cashable_money": 0, "hours_freed": 0})
        year["cashable_money"] += row["cashable_money"]
        year["hours_freed"] += row["hours_freed"]
    case.pop("sequence")
    released = releases(connection, candidate_id)
    return case | {
        "figures": asdict(figures),
        "measurements": [{k: v for k, v in m.items() if k != "sequence"} for m in measured],
        "realised_by_year": realised,
        "fte_released": round(sum(r["fte"] for r in released), 2),
        "fte_released_by_year": fte_by(released, "financial_year"),
        "fte_releases": released,
    }
