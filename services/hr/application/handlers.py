"""One verb function per command: load → decide → record → emit."""

from __future__ import annotations

import uuid

from services.hr.application.commands import ProposeTransfer, RegisterPost
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import PostAlreadyRegistered, PostNotFound, TeamNotFound
from services.hr.domain.post import Post
from shared.events import hr as events
from shared.persistence.outbox import NewEvent
from shared.reference import CENTRAL_TEAMS, team_code


def register_post(uow: UnitOfWork, command: RegisterPost) -> Post:
    """Add a post to the register; personal data stays in HR's own table."""
    if uow.posts.exists(command.post_number):
        raise PostAlreadyRegistered(command.post_number)
    post = Post(
        post_number=command.post_number,
        title=command.title,
        grade=command.grade,
        fte=command.fte,
        function=command.function,
        department=command.department,
        cost_centre=command.cost_centre,
        annual_cost=command.annual_cost,
        employee_ref=command.employee_ref,
    )
    uow.posts.add(post)
    if command.employee_ref and command.employee_name:
        uow.add_employee(command.employee_ref, command.employee_name, command.employee_email)
    uow.emit(
        NewEvent(
            payload=events.PostRegistered(
                post_number=post.post_number,
                title=post.title,
                grade=post.grade,
                fte=post.fte,
                function=post.function,
                department=post.department,
                team=post.team,
                cost_centre=post.cost_centre,
                annual_cost=post.annual_cost,
                employee_ref=post.employee_ref,
            ),
            aggregate_id=post.post_number,
            department=post.department,
        )
    )
    return post


def propose_transfer(uow: UnitOfWork, command: ProposeTransfer) -> str:
    """Propose moving a post into a centralised team; return the new transfer's id."""
    post = _load(uow, command.post_number)
    team = team_code(command.target_team)
    if team is None:
        raise TeamNotFound(command.target_team)
    transfer = post.propose_transfer(
        transfer_id=f"T-{uuid.uuid4().hex[:12]}",
        target_team=team,
        team_name=CENTRAL_TEAMS[team],
        effective_date=command.effective_date,
        reason=command.reason,
    )
    uow.posts.save(post)
    uow.emit(
        NewEvent(
            payload=events.TransferProposed(
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
            aggregate_id=post.post_number,
            department=post.department,
            effective_date=transfer.effective_date,
        )
    )
    return transfer.transfer_id


def _load(uow: UnitOfWork, post_number: str) -> Post:
    post = uow.posts.get(post_number)
    if post is None:
        raise PostNotFound(post_number)
    return post
