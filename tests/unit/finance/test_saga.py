"""Finance's saga handlers against in-memory books: each HR event and what it publishes."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.finance.application import saga
from services.finance.domain.transfer import Money, RegisteredPost
from shared.events import hr
from shared.events.base import EventPayload
from tests.support.events import approved, cancelled, proposed, rejected, took_effect
from tests.unit.finance.fakes import FakeBook, books


def apply(book: FakeBook, event: EventPayload) -> list[Any]:
    return [new.payload for new in saga.handle(book, event)]


def test_a_funded_post_passes_its_check() -> None:
    book = books(100_000)
    [passed] = apply(book, proposed(cost=41_000))
    assert passed.EVENT_TYPE == "BudgetCheckPassed"
    assert (passed.cost_centre, passed.annual_cost, passed.headroom) == (
        "CS-FIN-01",
        41_000,
        59_000,
    )


def test_the_check_counts_the_other_posts_on_the_line() -> None:
    book = books(100_000)
    book.save_post(
        RegisteredPost(
            post_number="10001",
            function="FIN",
            department="CS",
            cost_centre="CS-FIN-01",
            annual_cost=70_000,
        )
    )
    [failed] = apply(book, proposed(cost=41_000))
    assert failed.EVENT_TYPE == "BudgetCheckFailed"
    assert failed.reason_code == "cost_above_line"


def test_a_frozen_cost_centre_fails_the_check_with_its_reason() -> None:
    [failed] = apply(books(frozen=True), proposed())
    assert (failed.reason_code, failed.reason) == (
        "cost_centre_frozen",
        "cost centre CS-FIN-01 is frozen",
    )


def test_an_approved_transfer_reserves_its_full_year_cost() -> None:
    book = books(100_000)
    apply(book, proposed(cost=41_000))
    [reserved] = apply(book, approved())
    assert (reserved.EVENT_TYPE, reserved.amount) == ("BudgetReserved", 41_000)
    line = book.lines[("CS-FIN-01", "FIN")]
    assert (line.reserved, line.available) == (41_000, 59_000)


def test_approval_after_a_failed_check_reserves_nothing() -> None:
    book = books(frozen=True)
    apply(book, proposed())
    assert apply(book, approved()) == []
    assert book.lines[("CS-FIN-01", "FIN")].reserved == 0


def test_the_same_proposal_twice_is_checked_once() -> None:
    book = books()
    apply(book, proposed())
    assert apply(book, proposed()) == []


def test_an_effective_transfer_moves_the_budget_pro_rated_to_the_central_team() -> None:
    book = books(100_000)
    apply(book, proposed(cost=36_500))
    apply(book, approved())
    [moved] = apply(book, took_effect(cost=36_500, on=date(2026, 10, 1)))
    assert moved.EVENT_TYPE == "BudgetMoved"
    assert (moved.from_cost_centre, moved.to_cost_centre) == ("CS-FIN-01", "CEN-FIN-01")
    assert (moved.full_year_amount, moved.amount_this_year) == (36_500, 18_200)
    assert moved.financial_year == "2026/27"
    department, central = book.lines[("CS-FIN-01", "FIN")], book.lines[("CEN-FIN-01", "FIN")]
    assert (department.current, department.reserved) == (63_500, 0)
    assert central.current == 36_500
    assert book.transfers["T-1"].money is Money.MOVED


def test_moving_twice_moves_once() -> None:
    book = books()
    apply(book, proposed())
    apply(book, took_effect())
    assert apply(book, took_effect()) == []


def test_a_move_to_a_central_team_without_a_line_opens_one() -> None:
    book = books()
    del book.lines[("CEN-FIN-01", "FIN")]
    del book.centres["CEN-FIN-01"]
    apply(book, proposed())
    apply(book, took_effect(cost=41_000))
    assert book.lines[("CEN-FIN-01", "FIN")].current == 41_000
    assert book.centres["CEN-FIN-01"].owner == "CENTRAL"


def test_cancelling_after_approval_releases_the_reservation() -> None:
    book = books(100_000)
    apply(book, proposed(cost=41_000))
    apply(book, approved())
    [released] = apply(book, cancelled())
    assert (released.EVENT_TYPE, released.amount) == ("BudgetReleased", 41_000)
    assert released.reason == "transfer cancelled: restructure paused"
    assert book.lines[("CS-FIN-01", "FIN")].available == 100_000


def test_a_reason_hr_sealed_is_released_as_sealed_never_copied_as_ciphertext() -> None:
    book = books(100_000)
    apply(book, proposed(cost=41_000))
    apply(book, approved())
    sealed = cancelled().model_copy(update={"reason": "sealed:v1:00ff:bm9uY2U="})
    [released] = apply(book, sealed)
    assert released.reason == "transfer cancelled: (sealed)"


def test_rejecting_before_approval_has_nothing_to_release() -> None:
    book = books()
    apply(book, proposed())
    assert apply(book, rejected()) == []


def test_cancelling_after_the_move_changes_nothing() -> None:
    book = books()
    apply(book, proposed())
    apply(book, approved())
    apply(book, took_effect())
    assert apply(book, cancelled()) == []
    assert book.lines[("CEN-FIN-01", "FIN")].current == 41_000


def test_events_finance_does_not_follow_change_nothing() -> None:
    book = books()
    apply(book, proposed())
    before = {key: line.current for key, line in book.lines.items()}
    opened = hr.ConsultationOpened(
        post_number="10423",
        transfer_id="T-1",
        opened_on=date(2027, 1, 4),
        closes_by=date(2027, 2, 1),
    )
    assert saga.handle(book, opened) == []
    assert {key: line.current for key, line in book.lines.items()} == before
