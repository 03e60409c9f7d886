"""Corrections in the audit's establishment: a corrected event counts as if it had said the
new values, whenever the correction was recorded (as the log tells it, never rewritten).

A replay reads the log once, so it keeps, per post, which event set each correctable
value and every line the post was given; a correction of an event still in force changes
the value, and a corrected line is weighed again with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # establishment.py imports this module at run time
    from services.audit.domain.establishment import PostState

# The post's values the establishment keeps that a correction may put right, as read.
VALUES: Mapping[str, Callable[[Any], Any]] = {
    "title": str,
    "function": str,
    "department": str,
    "cost_centre": str,
    "annual_cost": int,
    "fte": float,
}


@dataclass(slots=True, kw_only=True)
class Line:
    """A line the post was given by one event, from its effective date."""

    event_id: str
    reports_to: str | None
    effective: date
    forced: bool = False  # a rescind puts the old line back whatever its date


def set_values(post: PostState, event_id: str, names: list[str]) -> None:
    """Remember that this event set these values of the post."""
    for name in names:
        post.set_by[name] = event_id


def weigh_lines(post: PostState, in_force: Callable[[date], bool]) -> None:
    """The line in force: of the lines in force by the date the latest-dated wins (on one
    date the later in the log); a rescind puts its line back from the move's date."""
    post.reports_to, post.line_from = None, date.min
    for line in post.lines:
        if line.forced or (in_force(line.effective) and line.effective >= post.line_from):
            post.reports_to, post.line_from = line.reports_to, line.effective


def correct(
    post: PostState, event_id: str, fixed: Mapping[str, Any], in_force: Callable[[date], bool]
) -> None:
    """Read the named event as if it had said `fixed`: values it still holds change, and a
    corrected line (whom to, or from when) is weighed again."""
    for name, value in fixed.items():
        if name in VALUES and post.set_by.get(name) == event_id and value is not None:
            setattr(post, name, VALUES[name](value))
    line = next((line for line in post.lines if line.event_id == event_id), None)
    if line is not None and ("reports_to" in fixed or "effective_date" in fixed):
        line.reports_to = fixed.get("reports_to", line.reports_to)
        if fixed.get("effective_date"):
            line.effective = date.fromisoformat(str(fixed["effective_date"]))
        weigh_lines(post, in_force)
