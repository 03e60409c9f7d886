"""Finance follows a post after its transfer started: a changed cost before approval is
checked again, and a rescinded move goes back."""

from __future__ import annotations

from typing import Any

from services.finance.application import saga
from shared.events import hr
from shared.events.base import EventPayload
from shared.events.post_corrections import FactValue, PostFactCorrected
from tests.support import events
from tests.support.events import approved, proposed, registered, rescinded, took_effect
from tests.unit.finance.fakes import FakeBook, books


def apply(book: FakeBook, event: EventPayload) -> list[Any]:
    return [new.payload for new in saga.handle(book, event)]


def cost_now(cost: int, transfer: str | None = "T-1") -> hr.PostUpdated:
    return hr.PostUpdated(
        post_number="10423", annual_cost=cost, reason="regraded", live_transfer_id=transfer
    )


def test_a_higher_cost_before_approval_fails_the_check_it_passed_before() -> None:
    book = books(50_000)
    apply(book, registered(cost=41_000))
    [passed] = apply(book, proposed(cost=41_000))
    assert passed.EVENT_TYPE == "BudgetCheckPassed"
    [failed] = apply(book, cost_now(60_000))
    assert (failed.EVENT_TYPE, failed.transfer_id, failed.reason_code) == (
        "BudgetCheckFailed",
        "T-1",
        "cost_above_line",
    )
    assert book.transfers["T-1"].annual_cost == 60_000


def test_a_lower_cost_passes_again_with_the_new_headroom() -> None:
    book = books(50_000)
    apply(book, registered(cost=41_000))
    apply(book, proposed(cost=41_000))
    [passed] = apply(book, cost_now(30_000))
    assert (passed.EVENT_TYPE, passed.annual_cost, passed.headroom) == (
        "BudgetCheckPassed",
        30_000,
        20_000,
    )


def test_after_approval_or_with_no_transfer_under_way_nothing_is_checked_again() -> None:
    book = books(100_000)
    apply(book, registered(cost=41_000))
    apply(book, proposed(cost=41_000))
    apply(book, approved())
    assert apply(book, cost_now(60_000)) == []
    assert apply(book, cost_now(50_000, transfer=None)) == []
    assert book.posts["10423"].annual_cost == 50_000


def test_a_rescinded_transfer_moves_the_same_amounts_back_to_the_department() -> None:
    book = books(100_000)
    apply(book, registered(cost=41_000))
    apply(book, proposed(cost=41_000))
    apply(book, approved())
    [moved] = apply(book, took_effect(cost=41_000))
    [back] = apply(book, rescinded())
    assert back.EVENT_TYPE == "BudgetMoveReversed"
    assert (back.from_cost_centre, back.to_cost_centre) == (moved.to_cost_centre, "CS-FIN-01")
    assert (back.full_year_amount, back.amount_this_year) == (
        moved.full_year_amount,
        moved.amount_this_year,
    )
    assert all(line.moved_in == line.moved_out == 0 for line in book.lines.values())
    assert book.posts["10423"].cost_centre == "CS-FIN-01"
    assert apply(book, rescinded()) == [], "reversed once"


def corrected(transfer: str | None = "T-1", **in_force: FactValue) -> PostFactCorrected:
    fixed = {name: (None, value) for name, value in in_force.items()}
    return events.corrected("10423", "0190c0de-0000-7000-8000-000000000001", fixed, None, transfer)


def test_a_corrected_cost_before_approval_is_checked_again() -> None:
    book = books(50_000)
    apply(book, registered(cost=41_000))
    apply(book, proposed(cost=41_000))
    [failed] = apply(book, corrected(annual_cost=61_000))
    assert (failed.EVENT_TYPE, failed.reason_code) == ("BudgetCheckFailed", "cost_above_line")
    assert book.posts["10423"].annual_cost == 61_000


def test_a_corrected_department_follows_the_post_and_its_transfer_without_moving_money() -> None:
    book = books(100_000)
    apply(book, registered(cost=41_000))
    apply(book, proposed(cost=41_000))
    apply(book, approved())
    assert apply(book, corrected(department="ASCH", annual_cost=45_000)) == []
    assert (book.posts["10423"].department, book.posts["10423"].annual_cost) == ("ASCH", 45_000)
    transfer = book.transfers["T-1"]
    assert (transfer.department, transfer.reserved_amount) == ("ASCH", 41_000)


def test_a_corrected_cost_centre_before_approval_is_checked_on_that_cost_centre() -> None:
    book = books(50_000)
    apply(book, registered(cost=41_000))
    apply(book, proposed(cost=41_000))
    [failed] = apply(book, corrected(cost_centre="CS-FIN-99"))
    assert (failed.EVENT_TYPE, failed.cost_centre, failed.reason_code) == (
        "BudgetCheckFailed",
        "CS-FIN-99",
        "no_budget_line",
    )
    assert book.transfers["T-1"].cost_centre == book.posts["10423"].cost_centre == "CS-FIN-99"
