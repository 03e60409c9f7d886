"""The redesign routes a function-owning service serves for its own processes: the same
paths, bodies and refusals in HR and Finance, each behind its own staff role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from shared.auth import CurrentPrincipal, Principal, Role, require_role
from shared.bounds import CasesPerYear, CouncilDate, HoursPerYear, MinutesPerCase, Percent, Pounds
from shared.events import redesign as ev
from shared.free_text import HonestText
from shared.redesign import publishing
from shared.redesign.commands import IdentifyCandidate, RegisterProcess, StartReview
from shared.redesign.publishing import RedesignOwner, RedesignWork

# run(request, principal, work) runs `work(uow)` in one unit of work and returns its result.
RunCommand = Callable[[Request, Principal, Callable[[Any], Any]], Awaitable[Any]]


class ProcessIn(BaseModel):
    process_id: str = Field(pattern=r"^[A-Za-z0-9-]{3,40}$")
    name: str = Field(min_length=1, max_length=300)
    volume_per_year: CasesPerYear
    minutes_per_case: MinutesPerCase
    rework_percent: Percent = 0
    average_grade_cost: Pounds


class SupportNeedIn(BaseModel):
    department: Literal["ASCH", "CS", "PLACE", "CST"]
    need: HonestText = Field(min_length=1, max_length=2000)


class ReviewIn(BaseModel):
    started_on: CouncilDate
    support_needs: list[SupportNeedIn] = Field(default_factory=list, max_length=100)


class CandidateIn(BaseModel):
    kind: Literal["streamline", "automate", "digitise"]
    title: str = Field(min_length=1, max_length=300)
    automation_potential_percent: Percent
    ease: int = Field(ge=1, le=5)
    post_numbers: list[str] = Field(default_factory=list, max_length=10_000)
    departments: list[str] = Field(default_factory=list, max_length=10)


class AssessIn(BaseModel):
    automation_potential_percent: Percent
    ease: int = Field(ge=1, le=5)
    notes: HonestText = Field("", max_length=2000)


class RejectIn(BaseModel):
    reason: HonestText = Field(min_length=1, max_length=2000)


class DeliverIn(BaseModel):
    realised_hours_saved_per_year: HoursPerYear
    realised_money_saved_per_year: Pounds


def redesign_router(owner: RedesignOwner, staff: Role, run: RunCommand) -> APIRouter:
    """The routes, for `owner`'s processes, open to the `staff` role only."""
    router = APIRouter(tags=["redesign"], dependencies=[Depends(require_role(staff))])

    async def step(
        request: Request, who: Principal, candidate_id: str, name: str, event: Any
    ) -> Any:
        def work(uow: RedesignWork) -> str:
            return publishing.move_candidate(owner, uow, candidate_id, name, event)

        return {"candidate_id": candidate_id, "status": await run(request, who, work)}

    @router.post("/processes", status_code=201)
    async def register(body: ProcessIn, request: Request, who: CurrentPrincipal) -> Any:
        command = RegisterProcess(**body.model_dump())
        await run(request, who, lambda uow: publishing.register_process(owner, uow, command))
        return {"process_id": body.process_id}

    @router.post("/processes/{process_id}/review", status_code=201)
    async def review(
        process_id: str, body: ReviewIn, request: Request, who: CurrentPrincipal
    ) -> Any:
        needs = tuple(ev.SupportNeed(**need.model_dump()) for need in body.support_needs)
        command = StartReview(process_id, body.started_on, needs)
        await run(request, who, lambda uow: publishing.start_review(owner, uow, command))
        return {"process_id": process_id, "in_review": True}

    @router.post("/processes/{process_id}/candidates", status_code=201)
    async def identify(
        process_id: str, body: CandidateIn, request: Request, who: CurrentPrincipal
    ) -> Any:
        fields = body.model_dump() | {
            "post_numbers": tuple(body.post_numbers),
            "departments": tuple(body.departments),
        }
        command = IdentifyCandidate(process_id=process_id, **fields)
        candidate_id = await run(
            request, who, lambda uow: publishing.identify_candidate(owner, uow, command)
        )
        return {"candidate_id": candidate_id, "status": "identified"}

    @router.post("/candidates/{candidate_id}/assess")
    async def assess(
        candidate_id: str, body: AssessIn, request: Request, who: CurrentPrincipal
    ) -> Any:
        event = ev.CandidateAssessed(candidate_id=candidate_id, **body.model_dump())
        return await step(request, who, candidate_id, "assess", event)

    @router.post("/candidates/{candidate_id}/approve")
    async def approve(candidate_id: str, request: Request, who: CurrentPrincipal) -> Any:
        event = ev.CandidateApproved(candidate_id=candidate_id)
        return await step(request, who, candidate_id, "approve", event)

    @router.post("/candidates/{candidate_id}/reject")
    async def reject(
        candidate_id: str, body: RejectIn, request: Request, who: CurrentPrincipal
    ) -> Any:
        event = ev.CandidateRejected(candidate_id=candidate_id, reason=body.reason)
        return await step(request, who, candidate_id, "reject", event)

    @router.post("/candidates/{candidate_id}/start-delivery")
    async def start_delivery(candidate_id: str, request: Request, who: CurrentPrincipal) -> Any:
        event = ev.CandidateDeliveryStarted(candidate_id=candidate_id)
        return await step(request, who, candidate_id, "start_delivery", event)

    @router.post("/candidates/{candidate_id}/deliver")
    async def deliver(
        candidate_id: str, body: DeliverIn, request: Request, who: CurrentPrincipal
    ) -> Any:
        event = ev.CandidateDelivered(candidate_id=candidate_id, **body.model_dump())
        return await step(request, who, candidate_id, "deliver", event)

    return router
