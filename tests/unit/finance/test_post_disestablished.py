"""A disestablished post's budget is given up once, as its candidate's saving: the saving
booked and the line reduced are the same pounds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from services.finance.application import saga
from services.finance.domain.budget import BudgetLine
from services.finance.domain.transfer import RegisteredPost
from shared.events import finance, hr
from tests.unit.finance.fakes import FakeSavings, books

CENTRAL = "CEN-FIN-01"
NOW = datetime(2027, 10, 1, 9, 0)


def ended(post: str = "30002", cost: int = 28_000) -> hr.PostDisestablished:
    return hr.PostDisestablished(
        post_number=post, candidate_id="CAN-1", team="FIN", effective_date=date(2027, 10, 1),
        function="FIN", department="CS", cost_centre="CS-FIN-01", annual_cost=cost, fte=1.0,
        was_filled=False,
    )  # fmt: skip


def central_books(moved_in: int = 60_000) -> Any:
    book = books()
    book.save_line(BudgetLine(cost_centre=CENTRAL, function="FIN", annual_budget=0,
                              moved_in=moved_in))  # fmt: skip
    book.save_post(RegisteredPost(post_number="30002", function="FIN", department="CS",
                                  cost_centre=CENTRAL, annual_cost=28_000))  # fmt: skip
    return book


def test_the_posts_budget_comes_off_the_line_it_moved_to_as_the_candidates_saving() -> None:
    book, savings = central_books(), FakeSavings()
    realised, reduced = [e.payload for e in saga.handle(book, ended(), savings)]
    assert isinstance(realised, finance.SavingsRealised)
    assert isinstance(reduced, finance.CentralBudgetReduced)
    assert (realised.amount, reduced.amount, reduced.cost_centre) == (28_000, 28_000, CENTRAL)
    assert realised.financial_year == reduced.financial_year == "2027/28"
    assert realised.candidate_id == reduced.candidate_id == "CAN-1"
    assert realised.post_number == reduced.post_number == "30002"
    assert savings.reduced(CENTRAL, "FIN") == 28_000 and book.post("30002").annual_cost == 0


def test_the_same_post_ended_twice_is_saved_once() -> None:
    book, savings = central_books(), FakeSavings()
    saga.handle(book, ended(), savings)
    assert saga.handle(book, ended(), savings) == []
    assert sum(r["amount"] for r in savings.realised) == savings.reduced(CENTRAL, "FIN") == 28_000


def test_a_line_gives_up_only_what_it_has_left_and_saves_no_more_than_that() -> None:
    book, savings = central_books(moved_in=60_000), FakeSavings()
    earlier = {"cost_centre": CENTRAL, "function": "FIN", "amount": 50_000}
    savings.add_reduction(earlier | {"financial_year": "2027/28", "candidate_id": "CAN-1"}, NOW)
    realised, reduced = [e.payload for e in saga.handle(book, ended(), savings)]
    assert realised.amount == reduced.amount == 10_000
