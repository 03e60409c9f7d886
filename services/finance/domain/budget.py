"""Cost centres, budget lines and the budget check rule.

A budget line is a cost centre's yearly (recurring) budget for one support function.
Money never appears or vanishes: a reservation holds part of a line, a release gives it
back, and a move takes it from the department's line to the central team's. So the total
of every line's available money plus its reservations only changes when Finance loads a
budget, never because of transfers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FailureReason = Literal["no_budget_line", "cost_above_line", "cost_centre_frozen"]


def pounds(amount: int) -> str:
    """Money as an officer writes it: £41,000 or -£5,000."""
    return f"-£{-amount:,}" if amount < 0 else f"£{amount:,}"


@dataclass(frozen=True, slots=True, kw_only=True)
class CostCentre:
    """Where costs are charged; `owner` is a department code or CENTRAL."""

    code: str
    name: str
    owner: str
    function: str
    frozen: bool = False


@dataclass(slots=True, kw_only=True)
class BudgetLine:
    """One cost centre's yearly budget for a function, and what transfers did to it."""

    cost_centre: str
    function: str
    annual_budget: int
    reserved: int = 0
    moved_in: int = 0
    moved_out: int = 0

    @property
    def current(self) -> int:
        """The budget today: as loaded, plus what moved in, less what moved out."""
        return self.annual_budget + self.moved_in - self.moved_out

    @property
    def available(self) -> int:
        """The budget not held by a reservation."""
        return self.current - self.reserved

    def reserve(self, amount: int) -> None:
        self.reserved += amount

    def release(self, amount: int) -> None:
        self.reserved -= amount

    def move_out(self, amount: int, reserved: int) -> None:
        """Send `amount` away; `reserved` of it was held for this move until now."""
        self.reserved -= reserved
        self.moved_out += amount

    def move_in(self, amount: int) -> None:
        self.moved_in += amount

    def move_back_out(self, amount: int) -> None:
        """A move into this line was rescinded: the amount leaves again."""
        self.moved_in -= amount

    def move_back_in(self, amount: int) -> None:
        """A move out of this line was rescinded: the amount comes back."""
        self.moved_out -= amount


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetCheck:
    """Finance's verdict on one moving post; `reason` is in an officer's words."""

    cost_centre: str
    reason_code: FailureReason | None
    reason: str
    headroom: int = 0

    @property
    def passed(self) -> bool:
        return self.reason_code is None


def check_budget(
    post_number: str,
    function: str,
    annual_cost: int,
    cost_centre_code: str,
    cost_centre: CostCentre | None,
    line: BudgetLine | None,
    other_posts_cost: int,
) -> BudgetCheck:
    """Is the post funded by its department's line? Frozen first, then line, then money.

    What the line has left for the post is its current budget less the cost of the other
    posts it pays for; the post is funded when its annual cost fits in that.
    """
    if cost_centre is None:
        return BudgetCheck(
            cost_centre=cost_centre_code,
            reason_code="no_budget_line",
            reason=f"cost centre {cost_centre_code} is not known to Finance, so no budget line "
            f"pays for post {post_number}",
        )
    if cost_centre.frozen:
        return BudgetCheck(
            cost_centre=cost_centre_code,
            reason_code="cost_centre_frozen",
            reason=f"cost centre {cost_centre_code} is frozen",
        )
    if line is None:
        return BudgetCheck(
            cost_centre=cost_centre_code,
            reason_code="no_budget_line",
            reason=f"cost centre {cost_centre_code} has no budget line for function {function}",
        )
    left = line.current - other_posts_cost
    headroom = left - annual_cost
    if headroom < 0:
        return BudgetCheck(
            cost_centre=cost_centre_code,
            reason_code="cost_above_line",
            reason=f"post {post_number} costs {pounds(annual_cost)} a year, "
            f"{pounds(-headroom)} more than budget line {cost_centre_code} ({function}) has "
            f"left after its other posts ({pounds(left)})",
            headroom=headroom,
        )
    return BudgetCheck(
        cost_centre=cost_centre_code, reason_code=None, reason="funded", headroom=headroom
    )
