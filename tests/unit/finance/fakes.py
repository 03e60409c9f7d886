"""An in-memory `BudgetBook` and savings ledger, for unit tests of Finance's handlers."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from services.finance.domain.budget import BudgetLine, CostCentre
from services.finance.domain.transfer import BudgetTransfer, RegisteredPost


class FakeBook:
    """The books as dicts; copies go in and out, as with a real database."""

    def __init__(self) -> None:
        self.centres: dict[str, CostCentre] = {}
        self.lines: dict[tuple[str, str], BudgetLine] = {}
        self.transfers: dict[str, BudgetTransfer] = {}
        self.posts: dict[str, RegisteredPost] = {}

    def any_cost_centre(self) -> bool:
        return bool(self.centres)

    def cost_centre(self, code: str) -> CostCentre | None:
        return self.centres.get(code)

    def save_cost_centre(self, centre: CostCentre) -> None:
        self.centres[centre.code] = centre

    def line(self, cost_centre: str, function: str) -> BudgetLine | None:
        line = self.lines.get((cost_centre, function))
        return replace(line) if line else None

    def save_line(self, line: BudgetLine) -> None:
        self.lines[(line.cost_centre, line.function)] = replace(line)

    def transfer(self, transfer_id: str) -> BudgetTransfer | None:
        transfer = self.transfers.get(transfer_id)
        return replace(transfer) if transfer else None

    def save_transfer(self, transfer: BudgetTransfer) -> None:
        self.transfers[transfer.transfer_id] = replace(transfer)

    def post(self, post_number: str) -> RegisteredPost | None:
        return self.posts.get(post_number)

    def save_post(self, post: RegisteredPost) -> None:
        self.posts[post.post_number] = post

    def add_posts(self, posts: list[RegisteredPost]) -> None:
        for post in posts:
            self.posts.setdefault(post.post_number, post)

    def other_posts_cost(self, cost_centre: str, function: str, post_number: str) -> int:
        return sum(
            post.annual_cost
            for post in self.posts.values()
            if post.cost_centre == cost_centre
            and post.function == function
            and post.post_number != post_number
        )

    def total(self) -> int:
        """Every line's available money plus its reservations."""
        return sum(line.available + line.reserved for line in self.lines.values())


def books(budget: int = 100_000, frozen: bool = False) -> FakeBook:
    """Children's Services' finance cost centre with one line, and Central Finance's."""
    book = FakeBook()
    book.save_cost_centre(
        CostCentre(code="CS-FIN-01", name="CS Finance", owner="CS", function="FIN", frozen=frozen)
    )
    book.save_line(BudgetLine(cost_centre="CS-FIN-01", function="FIN", annual_budget=budget))
    book.save_cost_centre(
        CostCentre(code="CEN-FIN-01", name="Central Finance", owner="CENTRAL", function="FIN")
    )
    book.save_line(BudgetLine(cost_centre="CEN-FIN-01", function="FIN", annual_budget=0))
    return book


class FakeSavings:
    """The savings ledger as lists."""

    def __init__(self) -> None:
        self.realised: list[dict[str, Any]] = []
        self.reductions: list[dict[str, Any]] = []

    def set_target(self, team: str, financial_year: str, amount: int) -> None:
        raise AssertionError("no target is set here")

    def add_realised(self, row: dict[str, Any], now: datetime) -> None:
        self.realised.append(row)

    def reduced(self, cost_centre: str, function: str) -> int:
        return sum(r["amount"] for r in self.reductions
                   if (r["cost_centre"], r["function"]) == (cost_centre, function))  # fmt: skip

    def add_reduction(self, row: dict[str, Any], now: datetime) -> None:
        self.reductions.append(row)
