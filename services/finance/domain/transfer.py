"""Finance's record of one transfer: its budget check, and what its money is doing.

checked → reserved → moved, or checked/reserved → released. A failed check never
reserves. Every method answers whether anything changed, so an event that arrives out of
order or twice is told apart from one that moves money.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Money(StrEnum):
    """What the transfer's budget is doing."""

    CHECKED = "checked"
    RESERVED = "reserved"
    RELEASED = "released"
    MOVED = "moved"
    REVERSED = "reversed"  # moved, then the transfer was rescinded


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisteredPost:
    """What Finance knows of a post: where its cost is charged, and how much."""

    post_number: str
    function: str
    department: str
    cost_centre: str
    annual_cost: int


@dataclass(slots=True, kw_only=True)
class BudgetTransfer:
    """One transfer as Finance follows it."""

    transfer_id: str
    post_number: str
    function: str
    department: str
    cost_centre: str
    annual_cost: int
    target_team: str
    effective_date: date
    check_passed: bool
    check_reason: str
    money: Money = Money.CHECKED
    reserved_amount: int = 0
    moved_amount: int = 0
    amount_this_year: int = 0

    def reserve(self) -> bool:
        """Hold the post's full-year cost; only once, and only after a passed check."""
        if not self.check_passed or self.money is not Money.CHECKED:
            return False
        self.money = Money.RESERVED
        self.reserved_amount = self.annual_cost
        return True

    def release(self) -> int:
        """Give back a reservation; return the amount released (0: nothing was held)."""
        if self.money is not Money.RESERVED:
            return 0
        amount, self.reserved_amount = self.reserved_amount, 0
        self.money = Money.RELEASED
        return amount

    def reverse(self) -> tuple[int, int] | None:
        """Undo the move (the transfer was rescinded): the full-year and this year's amounts
        that go back, exactly as they moved; None if there is no move to undo."""
        if self.money is not Money.MOVED:
            return None
        self.money = Money.REVERSED
        return self.moved_amount, self.amount_this_year

    def move(self, amount: int, amount_this_year: int) -> int | None:
        """Record the move; return the reservation it used up, or None if already moved."""
        if self.money is Money.MOVED:
            return None
        held = self.reserved_amount if self.money is Money.RESERVED else 0
        self.money = Money.MOVED
        self.reserved_amount = 0
        self.moved_amount = amount
        self.amount_this_year = amount_this_year
        return held
