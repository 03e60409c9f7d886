"""Handlers for reporting lines: change a post's line, name a central team's head, and
decide whom a moving post reports to after its move."""

from __future__ import annotations

from datetime import date

from services.hr.application import commands as c
from services.hr.application.posts import emit_post_event, load_post
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import ReportingLineNotAllowed, TeamNotFound
from services.hr.domain.post import Post
from services.hr.domain.reporting import (
    refuse_line_into_department_left,
    refuse_line_manager_after_move,
    refuse_loop,
)
from shared.events import hr as events
from shared.reference import CENTRAL_TEAMS, team_code


def change_reporting_line(uow: UnitOfWork, command: c.ChangeReportingLine) -> Post:
    """Make the post report to another post (or to none), refusing loops and lines into a
    department the post is leaving by then."""
    post = load_post(uow, command.post_number)
    if command.reports_to == post.reports_to:
        to = f"post {post.reports_to}" if post.reports_to else "no post"
        raise ReportingLineNotAllowed(f"post {post.post_number} already reports to {to}")
    if not command.reason.strip():
        raise ReportingLineNotAllowed("changing a reporting line needs a reason")
    move_line(uow, post, command.reports_to, command.effective_date, command.reason)
    return post


def refuse_line(uow: UnitOfWork, post: Post, reports_to: str | None, on: date) -> None:
    """Every rule a new line from `on` must keep (the manager's post must be registered)."""
    refuse_loop(post.post_number, reports_to, uow.posts.line_of)
    if reports_to is not None:
        refuse_line_into_department_left(post, load_post(uow, reports_to), on)


def move_line(
    uow: UnitOfWork,
    post: Post,
    reports_to: str | None,
    on: date,
    reason: str,
    scheduled_change_id: str | None = None,
) -> None:
    """Check, make and tell the new line (now, or on its date for a scheduled change)."""
    refuse_line(uow, post, reports_to, on)
    previous, post.reports_to = post.reports_to, reports_to
    uow.posts.save(post)
    payload = events.ReportingLineChanged(
        post_number=post.post_number,
        reports_to=reports_to,
        previous_reports_to=previous,
        reason=reason,
        scheduled_change_id=scheduled_change_id,
    )
    emit_post_event(uow, post, payload, on)


def name_team_head(uow: UnitOfWork, command: c.NameTeamHead) -> Post:
    """Name a post already in a central team as that team's head."""
    team = team_code(command.team)
    if team is None:
        raise TeamNotFound(command.team)
    post = load_post(uow, command.post_number)
    if post.team != team:
        raise ReportingLineNotAllowed(
            f"post {post.post_number} is not in {CENTRAL_TEAMS[team]}: a team's head is a "
            "post in the team"
        )
    previous = uow.team_heads.head_of(team)
    if previous == post.post_number:
        raise ReportingLineNotAllowed(
            f"post {post.post_number} already heads {CENTRAL_TEAMS[team]}"
        )
    uow.team_heads.name(team, post.post_number)
    payload = events.TeamHeadNamed(
        post_number=post.post_number, team=team, previous_head=previous, reason=command.reason
    )
    emit_post_event(uow, post, payload, command.effective_date)
    return post


def line_manager_for_move(
    uow: UnitOfWork, post: Post, team: str, named: str | None, on: date
) -> str | None:
    """Whom the post reports to after moving into `team` on `on`: the named post (which must
    sit in the team), else the team's head (None when the team has none yet)."""
    if named is None:
        head = uow.team_heads.head_of(team)
        return None if head == post.post_number else head
    manager = load_post(uow, named)
    refuse_line_manager_after_move(post, manager, team, on)
    refuse_loop(post.post_number, named, uow.posts.line_of)
    return named
