"""Handlers for a post's transfer, one verb each: load → decide → save → emit."""

from __future__ import annotations

import uuid

from services.hr.application import commands as c
from services.hr.application.posts import load_post
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import TeamNotFound
from services.hr.domain.post import Post
from services.hr.domain.transfer import Transfer
from shared.events import hr as events
from shared.persistence.outbox import NewEvent
from shared.reference import CENTRAL_TEAMS, team_code


def propose_transfer(uow: UnitOfWork, command: c.ProposeTransfer) -> Transfer:
    """Propose moving a post into a centralised team."""
    wanted = command.target_team
    team = team_code(wanted) if wanted is not None else None
    if wanted is not None and team is None:
        raise TeamNotFound(wanted)
    post = load_post(uow, command.post_number)
    team = team or post.function
    transfer = post.propose_transfer(
        transfer_id=f"T-{uuid.uuid4().hex[:12]}",
        target_team=team,
        team_name=CENTRAL_TEAMS.get(team, team),
        effective_date=command.effective_date,
        reason=command.reason,
    )
    _record(
        uow,
        post,
        transfer,
        events.TransferProposed(
            post_number=post.post_number,
            transfer_id=transfer.transfer_id,
            function=post.function,
            from_department=post.department,
            target_team=team,
            effective_date=transfer.effective_date,
            reason=transfer.reason,
            cost_centre=post.cost_centre,
            annual_cost=post.annual_cost,
            fte=post.fte,
        ),
    )
    return transfer


def change_effective_date(uow: UnitOfWork, command: c.ChangeEffectiveDate) -> Transfer:
    post = load_post(uow, command.post_number)
    transfer = post.current_transfer()
    previous = transfer.change_effective_date(command.effective_date)
    _record(
        uow,
        post,
        transfer,
        events.EffectiveDateChanged(
            **_ids(transfer),
            previous_effective_date=previous,
            effective_date=transfer.effective_date,
            reason=command.reason,
        ),
    )
    return transfer


def open_consultation(uow: UnitOfWork, command: c.OpenConsultation) -> Transfer:
    post = load_post(uow, command.post_number)
    transfer = post.current_transfer()
    transfer.open_consultation(command.opened_on, command.closes_by)
    _record(
        uow,
        post,
        transfer,
        events.ConsultationOpened(
            **_ids(transfer), opened_on=command.opened_on, closes_by=command.closes_by
        ),
    )
    return transfer


def close_consultation(uow: UnitOfWork, command: c.CloseConsultation) -> Transfer:
    post = load_post(uow, command.post_number)
    transfer = post.current_transfer()
    transfer.close_consultation(command.closed_on, command.outcome, command.notes)
    _record(
        uow,
        post,
        transfer,
        events.ConsultationClosed(
            **_ids(transfer),
            closed_on=command.closed_on,
            outcome=command.outcome,  # checked by the domain
            notes=command.notes,
        ),
    )
    return transfer


def approve_transfer(uow: UnitOfWork, command: c.ApproveTransfer) -> Transfer:
    post = load_post(uow, command.post_number)
    transfer = post.current_transfer()
    transfer.approve()
    _record(
        uow,
        post,
        transfer,
        events.TransferApproved(
            **_ids(transfer),
            target_team=transfer.target_team,
            effective_date=transfer.effective_date,
        ),
    )
    return transfer


def reject_transfer(uow: UnitOfWork, command: c.RejectTransfer) -> Transfer:
    post = load_post(uow, command.post_number)
    transfer = post.current_transfer()
    transfer.reject(command.reason)
    _record(uow, post, transfer, events.TransferRejected(**_ids(transfer), reason=command.reason))
    return transfer


def take_effect(uow: UnitOfWork, command: c.TakeEffect) -> Transfer:
    """Make the approved transfer effective: the post now sits in the central team."""
    post = load_post(uow, command.post_number)
    transfer = post.current_transfer()
    transfer.take_effect(command.today)
    post.move_into_team(transfer.target_team)
    _record(
        uow,
        post,
        transfer,
        events.TransferEffective(
            **_ids(transfer),
            from_department=post.department,
            target_team=transfer.target_team,
            effective_date=transfer.effective_date,
            annual_cost=post.annual_cost,
            fte=post.fte,
            cost_centre=post.cost_centre,
        ),
    )
    return transfer


def cancel_transfer(uow: UnitOfWork, command: c.CancelTransfer) -> Transfer:
    post = load_post(uow, command.post_number)
    transfer = post.current_transfer()
    previous = transfer.cancel(command.reason)
    _record(
        uow,
        post,
        transfer,
        events.TransferCancelled(**_ids(transfer), reason=command.reason, stage=previous.value),
    )
    return transfer


def _ids(transfer: Transfer) -> dict[str, str]:
    return {"post_number": transfer.post_number, "transfer_id": transfer.transfer_id}


def _record(uow: UnitOfWork, post: Post, transfer: Transfer, payload: events.TransferEvent) -> None:
    """Save the post and emit the event, dated with the transfer's effective date."""
    uow.posts.save(post)
    uow.emit(
        NewEvent(
            payload=payload,
            aggregate_id=post.post_number,
            department=post.department,
            effective_date=transfer.effective_date,
        )
    )
