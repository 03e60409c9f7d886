"""Handlers for a post's transfer, one verb each: load → decide → save → emit."""

from __future__ import annotations

import uuid
from typing import Any

from services.hr.application import commands as c
from services.hr.application.posts import emit_post_event, load_post
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import TeamNotFound, TransferNotAllowed
from services.hr.domain.post import Post
from services.hr.domain.transfer import Transfer
from services.hr.domain.wave_rules import approval_refusal
from shared.events import hr as events
from shared.reference import CENTRAL_TEAMS, team_code


def propose_transfer(uow: UnitOfWork, command: c.ProposeTransfer) -> Transfer:
    """Propose moving a post into a centralised team."""
    wanted = command.target_team
    team = team_code(wanted) if wanted is not None else None
    if wanted is not None and team is None:
        raise TeamNotFound(wanted)
    post = load_post(uow, command.post_number)
    scope = uow.scopes.get(post.post_number)
    if scope is not None and scope.blocks_transfer:
        raise TransferNotAllowed(
            f"post {post.post_number} is out of the programme's scope ({scope.reason}): "
            "it cannot be proposed for transfer"
        )
    team = team or post.function
    transfer = post.propose_transfer(
        transfer_id=f"T-{uuid.uuid4().hex[:12]}",
        target_team=team,
        team_name=CENTRAL_TEAMS.get(team, team),
        effective_date=command.effective_date,
        reason=command.reason,
    )
    payload = events.TransferProposed(
        **ids(transfer), **_move(post, transfer), function=post.function, reason=transfer.reason
    )
    record(uow, post, transfer, payload)
    return transfer


def change_effective_date(uow: UnitOfWork, command: c.ChangeEffectiveDate) -> Transfer:
    post, transfer = current(uow, command.post_number)
    previous = transfer.change_effective_date(command.effective_date)
    payload = events.EffectiveDateChanged(
        **ids(transfer),
        previous_effective_date=previous,
        effective_date=transfer.effective_date,
        reason=command.reason,
    )
    record(uow, post, transfer, payload)
    return transfer


def approve_transfer(uow: UnitOfWork, command: c.ApproveTransfer) -> Transfer:
    post, transfer = current(uow, command.post_number)
    transfer.approve()  # its own refusals first; a refusal below rolls the approval back
    decision = command.decision
    decision.check()
    refusal = approval_blocked_by_exercise(uow, transfer) or approval_refusal(
        uow.waves.covering(post.function, post.department), post.post_number, decision
    )
    if refusal is not None:
        raise TransferNotAllowed(
            f"cannot approve post {post.post_number}'s transfer to {transfer.team_name}: {refusal}"
        )
    payload = events.TransferApproved(
        **ids(transfer),
        target_team=transfer.target_team,
        effective_date=transfer.effective_date,
        decision_reference=decision.reference,
        decision_date=decision.decided_on,
        decision_maker=decision.maker,
    )
    record(uow, post, transfer, payload)
    return transfer


def reject_transfer(uow: UnitOfWork, command: c.RejectTransfer) -> Transfer:
    post, transfer = current(uow, command.post_number)
    transfer.reject(command.reason)
    record(uow, post, transfer, events.TransferRejected(**ids(transfer), reason=command.reason))
    return transfer


def take_effect(uow: UnitOfWork, command: c.TakeEffect) -> Transfer:
    """Make the approved transfer effective: the post now sits in the central team."""
    post, transfer = current(uow, command.post_number)
    transfer.take_effect(command.today)
    post.move_into_team(transfer.target_team)
    payload = events.TransferEffective(**ids(transfer), **_move(post, transfer))
    record(uow, post, transfer, payload)
    return transfer


def cancel_transfer(uow: UnitOfWork, command: c.CancelTransfer) -> Transfer:
    post, transfer = current(uow, command.post_number)
    previous = transfer.cancel(command.reason)
    payload = events.TransferCancelled(**ids(transfer), reason=command.reason, stage=previous.value)
    record(uow, post, transfer, payload)
    return transfer


def approval_blocked_by_exercise(uow: UnitOfWork, transfer: Transfer) -> str | None:
    """Why the transfer's consultation exercise stops its approval, or None."""
    exercise_id = uow.exercises.exercise_of_transfer(transfer.transfer_id)
    exercise = uow.exercises.get(exercise_id) if exercise_id else None
    return exercise.blocks_approval if exercise else None


def current(uow: UnitOfWork, post_number: str) -> tuple[Post, Transfer]:
    """The post and its current transfer (refused by the post when it has none)."""
    post = load_post(uow, post_number)
    return post, post.current_transfer()


def ids(transfer: Transfer) -> dict[str, str]:
    return {"post_number": transfer.post_number, "transfer_id": transfer.transfer_id}


def _move(post: Post, transfer: Transfer) -> dict[str, Any]:
    """What moves, from where, to where and when: told when proposed and when effective."""
    return {
        "from_department": post.department,
        "target_team": transfer.target_team,
        "effective_date": transfer.effective_date,
        "cost_centre": post.cost_centre,
        "annual_cost": post.annual_cost,
        "fte": post.fte,
    }


def record(uow: UnitOfWork, post: Post, transfer: Transfer, payload: events.TransferEvent) -> None:
    """Save the post and emit the event, dated with the transfer's effective date."""
    uow.posts.save(post)
    emit_post_event(uow, post, payload, transfer.effective_date)
