"""Finance's HTTP API for redesigning its own processes (events on `finance.redesign`)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.finance.application import redesign
from services.finance.application.commands import (
    IdentifyCandidate,
    RegisterProcess,
    StartReview,
)
from services.finance.entrypoints.commands import FinanceStaff, run_command
from shared.events import redesign as ev

router = APIRouter(tags=["redesign"])


class ProcessIn(BaseModel):
    process_id: str = Field(pattern=r"^[A-Za-z0-9-]{3,40}$")
    name: str = Field(min_length=1, max_length=300)
    volume_per_year: int = Field(ge=0)
    minutes_per_case: float = Field(ge=0)
    rework_percent: float = Field(0, ge=0, le=100)
    average_grade_cost: int = Field(ge=0)


class ReviewIn(BaseModel):
    started_on: date


class CandidateIn(BaseModel):
    kind: Literal["streamline", "automate", "digitise"]
    title: str = Field(min_length=1, max_length=300)
    automation_potential_percent: float = Field(ge=0, le=100)
    ease: int = Field(ge=1, le=5)
    post_numbers: list[str] = Field(default_factory=list)
    departments: list[str] = Field(default_factory=list)


class AssessIn(BaseModel):
    automation_potential_percent: float = Field(ge=0, le=100)
    ease: int = Field(ge=1, le=5)
    notes: str = ""


class RejectIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class DeliverIn(BaseModel):
    realised_hours_saved_per_year: float = Field(ge=0)
    realised_money_saved_per_year: int = Field(ge=0)


@router.post("/processes", status_code=201)
async def register(body: ProcessIn, request: Request, who: FinanceStaff) -> dict[str, Any]:
    command = RegisterProcess(**body.model_dump())
    await run_command(request, who, lambda uow: redesign.register_process(uow, command))
    return {"process_id": body.process_id}


@router.post("/processes/{process_id}/review", status_code=201)
async def review(process_id: str, body: ReviewIn, request: Request, who: FinanceStaff) -> Any:
    command = StartReview(process_id, body.started_on)
    await run_command(request, who, lambda uow: redesign.start_review(uow, command))
    return {"process_id": process_id, "in_review": True}


@router.post("/processes/{process_id}/candidates", status_code=201)
async def identify(process_id: str, body: CandidateIn, request: Request, who: FinanceStaff) -> Any:
    data = body.model_dump()
    command = IdentifyCandidate(
        process_id=process_id,
        **{
            **data,
            "post_numbers": tuple(body.post_numbers),
            "departments": tuple(body.departments),
        },
    )
    candidate_id = await run_command(
        request, who, lambda uow: redesign.identify_candidate(uow, command)
    )
    return {"candidate_id": candidate_id, "status": "identified"}


async def _move(request: Request, who: Any, candidate_id: str, action: str, event: Any) -> Any:
    status = await run_command(
        request, who, lambda uow: redesign.move_candidate(uow, candidate_id, action, event)
    )
    return {"candidate_id": candidate_id, "status": status}


@router.post("/candidates/{candidate_id}/assess")
async def assess(candidate_id: str, body: AssessIn, request: Request, who: FinanceStaff) -> Any:
    event = ev.CandidateAssessed(candidate_id=candidate_id, **body.model_dump())
    return await _move(request, who, candidate_id, "assess", event)


@router.post("/candidates/{candidate_id}/approve")
async def approve(candidate_id: str, request: Request, who: FinanceStaff) -> Any:
    event = ev.CandidateApproved(candidate_id=candidate_id)
    return await _move(request, who, candidate_id, "approve", event)


@router.post("/candidates/{candidate_id}/reject")
async def reject(candidate_id: str, body: RejectIn, request: Request, who: FinanceStaff) -> Any:
    event = ev.CandidateRejected(candidate_id=candidate_id, reason=body.reason)
    return await _move(request, who, candidate_id, "reject", event)


@router.post("/candidates/{candidate_id}/start-delivery")
async def start_delivery(candidate_id: str, request: Request, who: FinanceStaff) -> Any:
    event = ev.CandidateDeliveryStarted(candidate_id=candidate_id)
    return await _move(request, who, candidate_id, "start_delivery", event)


@router.post("/candidates/{candidate_id}/deliver")
async def deliver(candidate_id: str, body: DeliverIn, request: Request, who: FinanceStaff) -> Any:
    event = ev.CandidateDelivered(candidate_id=candidate_id, **body.model_dump())
    return await _move(request, who, candidate_id, "deliver", event)
