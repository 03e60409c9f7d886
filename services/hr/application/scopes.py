"""Handlers for a post's scope: HR proposes, the post's own department lead responds."""

from __future__ import annotations

from services.hr.application import exercise_commands as x
from services.hr.application.posts import emit_post_event, load_post
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.scope import LeadResponse, ScopeDecision, propose_scope, respond
from shared.events import hr


def propose_post_scope(uow: UnitOfWork, command: x.ProposeScope) -> ScopeDecision:
    """HR proposes the post in scope, out of scope or under review (with its reason)."""
    post = load_post(uow, command.post_number)
    decision = propose_scope(
        status=command.status,
        reason=command.reason,
        proposed_by=command.proposed_by,
        proposed_at=command.proposed_at,
    )
    if decision.blocks_transfer:
        post.refuse_leaving_scope_while_moving()
    uow.scopes.save(post.post_number, decision)
    payload = hr.PostScopeProposed(
        post_number=post.post_number, status=decision.status.value, reason=decision.reason
    )
    emit_post_event(uow, post, payload, None)
    return decision


def respond_to_scope(uow: UnitOfWork, command: x.RespondToScope) -> ScopeDecision:
    """The lead of the post's own department agrees or challenges HR's proposal."""
    post = load_post(uow, command.post_number)
    decision = respond(
        uow.scopes.get(post.post_number),
        post_number=post.post_number,
        post_department=post.department,
        lead_department=command.lead_department,
        response=command.response,
        lead=command.lead,
        reason=command.reason,
    )
    uow.scopes.save(post.post_number, decision)
    status = decision.status.value
    payload: hr.PostEvent
    if decision.response is LeadResponse.AGREED:
        payload = hr.PostScopeAgreed(
            post_number=post.post_number, status=status, reason=command.reason
        )
    else:
        payload = hr.PostScopeChallenged(
            post_number=post.post_number, status=status, reason=command.reason
        )
    emit_post_event(uow, post, payload, None)
    return decision
