"""Handlers for the post register: register a post, change or correct its details."""

from __future__ import annotations

from datetime import date

from services.hr.application.commands import RegisterPost, UpdatePost
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import (
    EventNotFound,
    PostAlreadyRegistered,
    PostChangeNotAllowed,
    PostNotFound,
)
from services.hr.domain.post import Post
from services.hr.domain.reporting import refuse_loop
from shared.events import hr as events
from shared.persistence.outbox import NewEvent


def register_post(uow: UnitOfWork, command: RegisterPost) -> Post:
    """Add a post to the register; personal data stays in HR's own table."""
    if uow.posts.exists(command.post_number):
        raise PostAlreadyRegistered(command.post_number)
    if command.team is not None and command.team != command.function:
        raise PostChangeNotAllowed(
            f"post {command.post_number} is a {command.function} post: it can already sit "
            f"only in its own function's central team, not {command.team}"
        )
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
        team=command.team,
        reports_to=command.reports_to,
    )
    if command.reports_to is not None:
        refuse_loop(post.post_number, command.reports_to, uow.posts.line_of)
        load_post(uow, command.reports_to)  # the line manager's post must be registered
    uow.posts.add(post)
    if command.employee_ref and command.employee_name:
        uow.save_employee(command.employee_ref, command.employee_name, command.employee_email)
    payload = events.PostRegistered(
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
        reports_to=post.reports_to,
    )
    emit_post_event(uow, post, payload, command.effective_date)
    return post


def update_post(uow: UnitOfWork, command: UpdatePost) -> Post:
    """Change a post's details; a correction names the event it puts right."""
    post = load_post(uow, command.post_number)
    if command.corrects_event_id and not uow.post_has_event(
        post.post_number, command.corrects_event_id
    ):
        raise EventNotFound(post.post_number, command.corrects_event_id)
    changed = post.change_details(command.changes)
    uow.posts.save(post)
    ref = changed.get("employee_ref")
    if ref and command.employee_name:
        uow.save_employee(ref, command.employee_name, command.employee_email)
    vacant = True if "employee_ref" in changed and ref is None else None
    payload = events.PostUpdated(
        post_number=post.post_number,
        **changed,
        vacant=vacant,
        corrects_event_id=command.corrects_event_id,
        reason=command.reason,
    )
    emit_post_event(uow, post, payload, command.effective_date)
    return post


def load_post(uow: UnitOfWork, post_number: str) -> Post:
    """The post, or `PostNotFound`."""
    post = uow.posts.get(post_number)
    if post is None:
        raise PostNotFound(post_number)
    return post


def emit_post_event(
    uow: UnitOfWork, post: Post, payload: events.PostEvent, effective_date: date | None
) -> None:
    """Emit an event into the post's stream, tagged with its department and effective date."""
    uow.emit(
        NewEvent(
            payload=payload,
            aggregate_id=post.post_number,
            department=post.department,
            effective_date=effective_date,
        )
    )
