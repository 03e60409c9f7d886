"""HR's HTTP API for correcting a recorded fact about a post (never rewriting it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import Field

from services.hr.application import commands as c
from services.hr.entrypoints.api import get_post
from services.hr.entrypoints.context import HrStaff, give, hr_of
from services.hr.entrypoints.schemas import Department, Function, Strict
from shared.bounds import CouncilDate, PostNumber
from shared.free_text import HonestText

router = APIRouter(tags=["corrections"])


class CorrectedValues(Strict):
    """The values the named event should have recorded; only the fields given are corrected
    (`reports_to: null` corrects a line to no post)."""

    title: str | None = Field(None, min_length=1, max_length=200)
    grade: str | None = Field(None, min_length=1, max_length=40)
    fte: float | None = Field(None, gt=0, le=1.5)
    function: Function | None = None
    department: Department | None = None
    cost_centre: str | None = Field(None, min_length=1, max_length=40)
    annual_cost: int | None = Field(None, ge=0, le=10_000_000)
    reports_to: PostNumber | None = None
    effective_date: CouncilDate | None = Field(None, description="Of a recorded line change.")


class CorrectionIn(Strict):
    corrects_event_id: str = Field(
        pattern=r"^[0-9a-fA-F-]{36}$", description="The event that recorded the wrong fact."
    )
    values: CorrectedValues
    reason: HonestText = Field(min_length=1, max_length=2000)
    decided_by: HonestText = Field(
        min_length=1, max_length=200, description="Who decided (a role or reference)."
    )


@router.post("/posts/{post_number}/corrections")
async def correct_post_fact(
    post_number: PostNumber, body: CorrectionIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Put right a fact recorded wrongly about the post (its function, department, grade,
    cost, FTE, cost centre, line, or a line change's date) by naming the event that recorded
    it; the post changes where that fact still holds. Answers the post as it is now."""
    values: dict[str, Any] = body.values.model_dump(exclude_unset=True)
    for name, value in values.items():
        if value is None and name != "reports_to":
            raise HTTPException(422, f"{name} cannot be corrected to nothing")
    if not values:
        raise HTTPException(422, "give at least one corrected value")
    changes = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    command = c.CorrectPostFact(
        post_number=post_number,
        corrects_event_id=body.corrects_event_id.lower(),
        changes=changes,
        reason=body.reason,
        decided_by=body.decided_by,
        today=hr_of(request).clock.today(),
    )
    await give(request, principal, command)
    return await get_post(post_number, request, principal)
