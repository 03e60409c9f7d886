"""Giving up budget as a saving: a central team's line is reduced by what a delivered
candidate saved, never below what the line holds (so a saving is real money, once)."""

from __future__ import annotations

from services.finance.domain.budget import BudgetLine, pounds
from services.finance.domain.errors import InvalidRequest, NotAllowed


def check_reduction(
    line: BudgetLine | None,
    cost_centre: str,
    already_reduced: int,
    amount: int,
    candidate_id: str | None,
) -> None:
    """Refuse a reduction that names no candidate or takes more than the line has left."""
    if not candidate_id:
        raise InvalidRequest(
            "a budget reduction must name the redesign candidate that delivered the saving"
        )
    left = 0 if line is None else line.current - line.reserved - already_reduced
    if amount > left:
        raise NotAllowed(
            f"budget line {cost_centre} has {pounds(left)} left to give up as savings; "
            f"it cannot be reduced by {pounds(amount)}"
        )
