"""HR's HTTP API for ending posts a delivered redesign candidate no longer needs: put a
filled post at risk (it then goes to consultation) and disestablish a post."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from services.hr.application.commands import Disestablish, MarkAtRisk
from services.hr.domain.ending import PostEnding
from services.hr.entrypoints.context import HrStaff, give, hr_of
from services.hr.entrypoints.schemas import Strict
from shared.free_text import HonestText

router = APIRouter(tags=["post endings"])
CandidateId = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9-]+$")


class AtRiskIn(Strict):
    candidate_id: str = CandidateId
    on: date | None = Field(None, description="Default: today.")
    planned_end: date = Field(description="When the post is proposed to end.")
    reason: HonestText = Field(min_length=1, max_length=2000)


class DisestablishIn(Strict):
    candidate_id: str = CandidateId
    effective_date: date = Field(description="The post's last day in the establishment.")
    reason: HonestText = Field("", max_length=2000)


def ending_view(ending: PostEnding) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(ending).items()}


@router.post("/posts/{post_number}/at-risk")
async def put_at_risk(
    post_number: str, body: AtRiskIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """A delivered candidate's change ends this filled post: it is at risk and must be
    consulted on (in an exercise, as at risk) before it can be disestablished."""
    command = MarkAtRisk(
        post_number=post_number,
        candidate_id=body.candidate_id,
        on=body.on or hr_of(request).clock.today(),
        planned_end=body.planned_end,
        reason=body.reason,
    )
    return ending_view(await give(request, principal, command))


@router.post("/posts/{post_number}/disestablish")
async def disestablish(
    post_number: str, body: DisestablishIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Take the post out of the establishment for a delivered candidate that claims it: a
    vacant post directly, a filled one once its consultation as at risk has closed."""
    command = Disestablish(
        post_number=post_number,
        candidate_id=body.candidate_id,
        effective_date=body.effective_date,
        reason=body.reason,
    )
    return ending_view(await give(request, principal, command))
