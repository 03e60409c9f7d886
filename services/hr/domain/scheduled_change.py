"""A change to a post recorded now to take effect on a later date (grade, cost, FTE, cost
centre, reporting line, ...): HR systems call it a future-dated change. Until its date the
post keeps its current values and shows the change as pending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from services.hr.domain.errors import PostChangeNotAllowed
from services.hr.domain.post import CHANGEABLE

# What may be changed ahead: the post's details, and whom it reports to.
SCHEDULABLE = (*CHANGEABLE, "reports_to")


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduledChange:
    """One future-dated change of one post."""

    change_id: str
    post_number: str
    effective_date: date
    changes: dict[str, Any]
    reason: str

    @property
    def details(self) -> dict[str, Any]:
        """The post's own details it changes (all but the reporting line)."""
        return {name: value for name, value in self.changes.items() if name != "reports_to"}

    @property
    def moves_line(self) -> bool:
        return "reports_to" in self.changes


def refuse_unschedulable(
    post_number: str, changes: dict[str, Any], effective_date: date, today: date
) -> None:
    """A future-dated change names known details, is dated after today, and says why."""
    unknown = set(changes) - set(SCHEDULABLE)
    if unknown:
        listed = ", ".join(sorted(unknown))
        raise PostChangeNotAllowed(f"these details cannot be changed ahead: {listed}")
    if not changes:
        raise PostChangeNotAllowed(f"the change to post {post_number} changes nothing")
    if effective_date <= today:
        raise PostChangeNotAllowed(
            f"a change to post {post_number} dated {effective_date:%d %B %Y} is not in the "
            f"future (today is {today:%d %B %Y}): make it now instead"
        )
