"""Handlers for a post's transfer, one verb each: load → decide → save → emit."""

from __future__ import annotations

import uuid
from typing import Any

from services.hr.application import commands as c
from services.hr.application.posts import emit_post_event, load_post
from services.hr.application.reporting import line_manager_for_move
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import ApprovalNotAllowed, TeamNotFound, TransferNotAllowed
from services.hr.domain.post import Post
from services.hr.domain.reporting import refuse_loop
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
    ending = uow.endings.get(post.post_number)
    if ending is not None:
        ended = "disestablished" if ending.disestablished_on else "at risk"
        raise TransferNotAllowed(
            f"post {post.post_number} is {ended} (candidate {ending.candidate_id}): it cannot "
            "be proposed for transfer"
        )
    team = team or post.function
    transfer = post.propose_transfer(
        transfer_id=f"T-{uuid.uuid4().hex[:12]}",
        target_team=team,
        team_name=CENTRAL_TEAMS.get(team, team),
        effective_date=command.effective_date,
        reason=command.reason,
    )
    transfer.proposed_by = command.proposed_by
    # After the post's own refusals, so "already moving" is said before any line problem.
    transfer.line_manager = line_manager_for_move(
        uow, post, team, command.line_manager, command.effective_date
    )
    payload = events.TransferProposed(
        **ids(transfer),
        **_move(post, transfer),
        function=post.function,
        reason=transfer.reason,
        line_manager=transfer.line_manager,
    )
    record(uow, post, transfer, payload)
    return transfer


def change_effective_date(uow: UnitOfWork, command: c.ChangeEffectiveDate) -> Transfer:
    """Move the date before approval and, when one is named, the line manager after the move
    (the same rules as at the proposal: a post in the team, no loop)."""
    post, transfer = current(uow, command.post_number)
    previous = transfer.change_effective_date(command.effective_date)
    named = command.line_manager
    if named is not None:
        transfer.line_manager = line_manager_for_move(
            uow, post, transfer.target_team, named, transfer.effective_date
        )
    payload = events.EffectiveDateChanged(
        **ids(transfer),
        previous_effective_date=previous,
        effective_date=transfer.effective_date,
        reason=command.reason,
        line_manager=named,
    )
    record(uow, post, transfer, payload)
    return transfer


def approve_transfer(uow: UnitOfWork, command: c.ApproveTransfer) -> Transfer:
    post, transfer = current(uow, command.post_number)
    transfer.approve()  # its own refusals first; a refusal below rolls the approval back
    who = command.policy.refusal(
        post_number=post.post_number,
        proposed_by=transfer.proposed_by,
        approver=command.approver,
        role=command.approver_role,
        annual_cost=post.annual_cost,
    )
    if who is not None:
        raise ApprovalNotAllowed(f"you may not approve this transfer: {who}")
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
    # A head named since the proposal is the default line manager now.
    reports_to = transfer.line_manager or uow.team_heads.head_of(transfer.target_team)
    reports_to = None if reports_to == post.post_number else reports_to
    refuse_loop(post.post_number, reports_to, uow.posts.line_of)
    previous = transfer.reported_to_before = post.reports_to
    post.move_into_team(transfer.target_team, reports_to)
    payload = events.TransferEffective(
        **ids(transfer),
        **_move(post, transfer),
        reports_to=reports_to,
        previous_reports_to=previous,
    )
    record(uow, post, transfer, payload)
    return transfer


def cancel_transfer(uow: UnitOfWork, command: c.CancelTransfer) -> Transfer:
    post, transfer = current(uow, command.post_number)
    previous = transfer.cancel(command.reason)
    payload = events.TransferCancelled(**ids(transfer), reason=command.reason, stage=previous.value)
    record(uow, post, transfer, payload)
    return transfer


def rescind_transfer(uow: UnitOfWork, command: c.RescindTransfer) -> Transfer:
    """Undo an effective transfer found to be a mistake: the post goes back to its
    department and its old line (if that post is still there to report to)."""
    post, transfer = current(uow, command.post_number)
    transfer.rescind(command.reason, command.decided_by)
    line = transfer.reported_to_before
    if line is not None and uow.posts.line_of(line) == post.post_number:
        line = None  # its old manager now reports to it: the old line would loop
    post.move_back(line)
    payload = events.TransferRescinded(
        **ids(transfer),
        reason=command.reason,
        decided_by=command.decided_by,
        from_department=post.department,
        target_team=transfer.target_team,
        effective_date=transfer.effective_date,
        reports_to=line,
    )
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
