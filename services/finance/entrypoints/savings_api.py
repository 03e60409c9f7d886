"""Finance's HTTP API for savings: targets and realised savings per centralised team."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.finance.adapters.ledgers import SqlSavings
from services.finance.application.commands import (
    RecordRealisedSavings,
    SetProgrammeSavingsTarget,
    SetSavingsTarget,
)
from services.finance.application.savings import (
    record_realised_savings,
    set_programme_target,
    set_savings_target,
)
from services.finance.entrypoints.commands import FinanceStaff, run_command, run_query
from shared.auth import CurrentPrincipal
from shared.bounds import Pounds

router = APIRouter(tags=["savings"])


class TargetIn(BaseModel):
    team: str = Field(min_length=1, description="Centralised team code or name.")
    financial_year: str = Field(description="e.g. '2026/27'.")
    amount: Pounds = Field(description="Whole pounds.")


class RealisedIn(BaseModel):
    team: str = Field(min_length=1)
    financial_year: str
    amount: int = Field(gt=0, le=10_000_000_000)
    candidate_id: str | None = Field(None, max_length=40)
    description: str = Field("", max_length=2000)
    reduce_budget: bool = Field(
        False, description="Also give the saving up from the team's central budget line."
    )


@router.post("/savings/targets", status_code=201)
async def set_target(body: TargetIn, request: Request, principal: FinanceStaff) -> dict[str, Any]:
    """Set (or reset) a centralised team's savings target for a financial year."""
    command = SetSavingsTarget(**body.model_dump())
    team = await run_command(request, principal, lambda uow: set_savings_target(uow, command))
    return {**body.model_dump(), "team": team}


class ProgrammeTargetIn(BaseModel):
    department: str | None = Field(None, description="Department code or name; none: programme.")
    financial_year: str = Field(description="e.g. '2026/27'.")
    amount: Pounds = Field(description="Whole pounds.")


@router.post("/savings/targets/programme", status_code=201)
async def set_wider_target(
    body: ProgrammeTargetIn, request: Request, principal: FinanceStaff
) -> dict[str, Any]:
    """Set (or reset) a department's or the whole programme's target for a financial year."""
    command = SetProgrammeSavingsTarget(**body.model_dump())
    code = await run_command(request, principal, lambda uow: set_programme_target(uow, command))
    return {**body.model_dump(), "department": code}


@router.post("/savings/realised", status_code=201)
async def record_realised(
    body: RealisedIn, request: Request, principal: FinanceStaff
) -> dict[str, Any]:
    """Record savings a centralised team actually delivered."""
    command = RecordRealisedSavings(**body.model_dump())
    team = await run_command(request, principal, lambda uow: record_realised_savings(uow, command))
    return {**body.model_dump(), "team": team}


@router.get("/savings")
async def savings(request: Request, _: CurrentPrincipal) -> list[dict[str, Any]]:
    """Per team and financial year: target, realised, and what is still to find."""
    return await run_query(request, lambda c: SqlSavings(c).summary())  # type: ignore[no-any-return]
