"""Reporting lines: which post a post reports to, and the rules that keep the lines a tree.

Pure functions over the posts involved and a lookup of who reports to whom, so the rules
are the same whether HR registers a post, changes a line, or a transfer moves one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from services.hr.domain.errors import ReportingLineNotAllowed
from services.hr.domain.post import Post
from shared.reference import CENTRAL_TEAMS, DEPARTMENTS

# The longest line walked before giving up: far beyond any council's hierarchy, and a
# guard against a loop already in the data (which these rules exist to prevent).
MAX_DEPTH = 200

LineOf = Callable[[str], str | None]


def refuse_loop(post_number: str, reports_to: str | None, line_of: LineOf) -> None:
    """Refuse a post reporting to itself, or to a post that reports (up the line) to it."""
    if reports_to is None:
        return
    if reports_to == post_number:
        raise ReportingLineNotAllowed(f"post {post_number} cannot report to itself")
    chain = [reports_to]
    above = line_of(reports_to)
    while above is not None and len(chain) < MAX_DEPTH:
        if above == post_number:
            through = " → ".join(chain)
            raise ReportingLineNotAllowed(
                f"post {post_number} cannot report to post {reports_to}: the line would go "
                f"round in a circle ({post_number} → {through} → {post_number})"
            )
        chain.append(above)
        above = line_of(above)


def refuse_line_into_department_left(post: Post, manager: Post, on: date) -> None:
    """Refuse a line from `on` to a post in the department the post leaves by then."""
    live = post.live_transfer
    if live is None or live.effective_date > on:
        return
    if manager.team is None and manager.department == post.department:
        raise ReportingLineNotAllowed(
            f"post {post.post_number} leaves {_department(post.department)} for "
            f"{live.team_name} on {live.effective_date:%d %B %Y}: from that day it cannot "
            f"report to post {manager.post_number} in {_department(manager.department)}"
        )


def refuse_line_manager_after_move(post: Post, manager: Post, team: str, on: date) -> None:
    """The line manager named for a move must sit in the team the post joins."""
    if manager.post_number == post.post_number:
        raise ReportingLineNotAllowed(f"post {post.post_number} cannot report to itself")
    if manager.team is None and manager.department == post.department:
        raise ReportingLineNotAllowed(
            f"post {post.post_number} leaves {_department(post.department)} on "
            f"{on:%d %B %Y}: after the move it cannot report to post {manager.post_number} "
            f"in {_department(manager.department)}"
        )
    if manager.team != team:
        raise ReportingLineNotAllowed(
            f"post {manager.post_number} is not in {CENTRAL_TEAMS.get(team, team)}: after its "
            f"move post {post.post_number} reports to the team's head or a post in the team"
        )


def _department(code: str) -> str:
    return DEPARTMENTS.get(code, code)
