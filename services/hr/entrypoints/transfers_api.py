"""HR's HTTP API for a post's transfer: `/posts/{post_number}/transfer/...`.

Each route builds one command and hands it to `give` (see `context`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from services.hr.application import commands as c
from services.hr.domain.transfer import Transfer
from services.hr.domain.wave_rules import Decision
from services.hr.entrypoints.api import get_post
from services.hr.entrypoints.context import HrStaff, actor_of, give, hr_of
from services.hr.entrypoints.scheduler import make_due_transfers_effective
from services.hr.entrypoints.schemas import (
    CloseConsultationIn,
    DecisionIn,
    EffectiveDateIn,
    OpenConsultationIn,
    ProposalIn,
    ReasonIn,
    RescindIn,
)
from shared.auth import CurrentPrincipal, Principal

router = APIRouter(tags=["transfers"])


async def _give(request: Request, principal: Principal, command: Any) -> dict[str, Any]:
    transfer: Transfer = await give(request, principal, command)
    return {
        "post_number": transfer.post_number,
        "transfer_id": transfer.transfer_id,
        "stage": transfer.stage.value,
        "target_team": transfer.target_team,
        "effective_date": transfer.effective_date.isoformat(),
    }


@router.post("/posts/{post_number}/transfer", status_code=201)
@router.post("/posts/{post_number}/transfers", status_code=201, include_in_schema=False)
async def propose(
    post_number: str, body: ProposalIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Propose moving the post into a centralised team (default: its own function's)."""
    command = c.ProposeTransfer(
        post_number=post_number,
        target_team=body.target_team,
        effective_date=body.effective_date,
        reason=body.reason,
        line_manager=body.line_manager,
        proposed_by=principal.user_id,
    )
    return await _give(request, principal, command)


@router.get("/posts/{post_number}/transfer")
async def current(post_number: str, request: Request, principal: CurrentPrincipal) -> Any:
    """The post's live transfer, else its latest (404 when it never had one)."""
    view = await get_post(post_number, request, principal)
    live = [t for t in view["transfers"] if t["live"]]
    if live or view["transfers"]:
        return (live or view["transfers"])[-1]
    raise HTTPException(404, f"post {post_number} has no transfer")


@router.post("/posts/{post_number}/transfer/effective-date")
async def change_effective_date(
    post_number: str, body: EffectiveDateIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Move the effective date (before approval), and the line manager after the move if
    a new one is named."""
    command = c.ChangeEffectiveDate(
        post_number=post_number,
        effective_date=body.effective_date,
        reason=body.reason,
        line_manager=body.line_manager,
    )
    return await _give(request, principal, command)


@router.post("/posts/{post_number}/transfer/consultation/open")
async def open_consultation(
    post_number: str, body: OpenConsultationIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Open staff consultation on the proposed transfer."""
    hr = hr_of(request)
    command = c.OpenConsultation(
        post_number=post_number,
        opened_on=body.opened_on or hr.clock.today(),
        closes_by=body.closes_by,
        minimum_days=hr.consultation_minimum_days,
    )
    return await _give(request, principal, command)


@router.post("/posts/{post_number}/transfer/consultation/close")
async def close_consultation(
    post_number: str, body: CloseConsultationIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Close the consultation with its outcome and notes."""
    hr = hr_of(request)
    today = hr.clock.today()
    command = c.CloseConsultation(
        post_number=post_number,
        closed_on=body.closed_on or today,
        outcome=body.outcome,
        notes=body.notes,
        today=today,
        minimum_days=hr.consultation_minimum_days,
    )
    return await _give(request, principal, command)


@router.post("/posts/{post_number}/transfer/approve")
async def approve(
    post_number: str, request: Request, principal: HrStaff, body: DecisionIn | None = None
) -> dict[str, Any]:
    """Approve (needs a closed consultation and Finance's passed budget check; a wave's
    policy may also need the decision's reference and its equality impact assessment)."""
    decision = (
        Decision(
            reference=body.decision_reference,
            decided_on=body.decision_date,
            maker=body.decision_maker,
        )
        if body
        else Decision()
    )
    command = c.ApproveTransfer(
        post_number=post_number,
        decision=decision,
        approver=principal.user_id,
        approver_role=principal.role,
        policy=hr_of(request).approval_policy,
    )
    return await _give(request, principal, command)


@router.post("/posts/{post_number}/transfer/reject")
async def reject(
    post_number: str, body: ReasonIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Reject the transfer before approval."""
    return await _give(request, principal, c.RejectTransfer(post_number, body.reason))


@router.post("/posts/{post_number}/transfer/take-effect")
async def take_effect(post_number: str, request: Request, principal: HrStaff) -> dict[str, Any]:
    """Make the approved transfer effective now (refused before its effective date)."""
    command = c.TakeEffect(post_number, hr_of(request).clock.today())
    return await _give(request, principal, command)


@router.post("/posts/{post_number}/transfer/cancel")
async def cancel(
    post_number: str, body: ReasonIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Cancel a transfer that has not yet taken effect."""
    return await _give(request, principal, c.CancelTransfer(post_number, body.reason))


@router.post("/posts/{post_number}/transfer/rescind")
async def rescind(
    post_number: str, body: RescindIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Rescind the post's effective transfer (a mistake found later): back to its department."""
    command = c.RescindTransfer(
        post_number=post_number, reason=body.reason, decided_by=body.decided_by
    )
    return await _give(request, principal, command)


@router.post("/transfers/take-effect-due")
async def take_effect_due(request: Request, principal: HrStaff) -> dict[str, Any]:
    """Make every approved transfer whose effective date has come effective, now."""
    return await make_due_transfers_effective(hr_of(request), actor_of(principal))
