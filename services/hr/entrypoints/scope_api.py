"""HR's HTTP API for a post's scope: HR proposes, the post's own department lead responds."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request

from services.hr.adapters import queries
from services.hr.adapters.exercises import ScopeRepository
from services.hr.application import exercise_commands as x
from services.hr.domain.errors import PostNotFound
from services.hr.domain.scope import ScopeDecision
from services.hr.entrypoints.context import HrStaff, give, hr_of, may_see
from services.hr.entrypoints.exercise_schemas import ScopeIn, ScopeResponseIn
from shared.auth import CurrentPrincipal, Principal, require_role

router = APIRouter(tags=["scope"])
# Only a lead may agree or challenge: HR staff cannot sign off on a lead's behalf.
Lead = Annotated[Principal, Depends(require_role("department_lead"))]


def scope_view(post_number: str, decision: ScopeDecision) -> dict[str, Any]:
    return {
        "post_number": post_number,
        **asdict(decision),
        "proposed_at": decision.proposed_at.isoformat(),
    }


async def _give(
    request: Request, principal: Principal, post_number: str, command: Any
) -> dict[str, Any]:
    decision: ScopeDecision = await give(request, principal, command)
    return scope_view(post_number, decision)


@router.post("/posts/{post_number}/scope")
async def propose_scope(
    post_number: str, body: ScopeIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """HR proposes the post in scope, out of scope or under review (with its reason)."""
    command = x.ProposeScope(
        post_number=post_number,
        status=body.status,
        reason=body.reason,
        proposed_by=principal.user_id,
        proposed_at=datetime.now(UTC),
    )
    return await _give(request, principal, post_number, command)


@router.post("/posts/{post_number}/scope/response")
async def respond(
    post_number: str, body: ScopeResponseIn, request: Request, principal: Lead
) -> dict[str, Any]:
    """The lead of the post's own department agrees or challenges (another's: 403)."""
    command = x.RespondToScope(
        post_number=post_number,
        response=body.response,
        reason=body.reason,
        lead=principal.user_id,
        lead_department=principal.department,
    )
    return await _give(request, principal, post_number, command)


@router.get("/posts/{post_number}/scope")
async def get_scope(
    post_number: str, request: Request, principal: CurrentPrincipal
) -> dict[str, Any]:
    """HR's scope proposal for the post and its lead's response (404 before a proposal); a
    department lead sees only their own department's posts."""
    post = await hr_of(request).read(lambda conn: queries.post_view(conn, post_number))
    if post is None:
        raise PostNotFound(post_number)
    may_see(principal, post["department"])
    read = await hr_of(request).read(lambda conn: ScopeRepository(conn).get(post_number))
    if read is None:
        raise HTTPException(404, f"HR has not proposed a scope for post {post_number} yet")
    return scope_view(post_number, read)
