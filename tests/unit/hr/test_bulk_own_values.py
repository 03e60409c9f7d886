"""Bulk date changes, rejections and cancellations whose rows carry their own values: each
row's date, line manager and reason, the run's where a row gives none, every bad CSV line
named with its number before anything runs, and a refused row leaving nothing behind."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import pytest

from services.hr.application import commands as c
from services.hr.application.bulk import (
    BulkOptions,
    RowResult,
    RowValues,
    one_per_transaction,
    run_rows,
    totals,
)
from services.hr.entrypoints.bulk_rows import RowsRefused, check_rows, read_rows
from services.hr.entrypoints.posts_csv import CsvUnreadable
from shared.events import hr as events
from tests.unit.hr.fakes import FakeUnitOfWork, central_finance, run

T = TypeVar("T")
MOVE_ON = date(2027, 4, 1)
MOVING = ("10001", "10002", "10003")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """Central Finance (head 900, business partner 901) and three posts proposed to join it."""
    uow = central_finance(*MOVING)
    for number in MOVING:
        proposal = c.ProposeTransfer(
            post_number=number, target_team=None, effective_date=MOVE_ON, reason="centralise"
        )
        run(uow, proposal)
    uow.committed.clear()
    return uow


def change_dates(
    uow: FakeUnitOfWork, options: BulkOptions, own: list[RowValues | None], posts: list[str]
) -> list[RowResult]:
    rows = one_per_transaction(lambda: uow)
    return run_rows(rows, "change_effective_date", options, posts, values=own)


def payloads(uow: FakeUnitOfWork, kind: type[T]) -> list[T]:
    return [e.payload for e in uow.committed if isinstance(e.payload, kind)]


def test_each_row_moves_to_its_own_date_and_line_manager_or_to_the_runs(
    uow: FakeUnitOfWork,
) -> None:
    own: list[RowValues | None] = [
        RowValues(effective_date=date(2027, 5, 1), reports_to="901", reason="team ready later"),
        None,
        RowValues(reason="consultation extended"),
    ]
    options = BulkOptions(effective_date=date(2027, 6, 1), reason="a later wave")
    results = change_dates(uow, options, own, list(MOVING))
    assert totals(results) == {"rows": 3, "done": 3, "refused": 0, "error": 0}
    changed = payloads(uow, events.EffectiveDateChanged)
    assert [(p.post_number, p.effective_date, p.line_manager, p.reason) for p in changed] == [
        ("10001", date(2027, 5, 1), "901", "team ready later"),
        ("10002", date(2027, 6, 1), None, "a later wave"),
        ("10003", date(2027, 6, 1), None, "consultation extended"),
    ]
    assert uow.posts.posts["10001"].transfers[-1].line_manager == "901"
    assert uow.posts.posts["10002"].transfers[-1].line_manager == "900", "the head still"


def test_a_row_whose_line_manager_is_refused_keeps_its_old_date_and_says_why(
    uow: FakeUnitOfWork,
) -> None:
    own: list[RowValues | None] = [
        RowValues(effective_date=date(2027, 5, 1), reports_to="100"),
        None,
        None,
    ]
    options = BulkOptions(effective_date=date(2027, 6, 1))
    results = change_dates(uow, options, own, list(MOVING))
    assert [r.outcome for r in results] == ["refused", "done", "done"]
    assert results[0].reason == (
        "post 10001 leaves Children's Services on 01 May 2027: after the move it cannot "
        "report to post 100 in Children's Services"
    )
    assert uow.posts.posts["10001"].transfers[-1].effective_date == MOVE_ON, "nothing half-done"
    assert [p.post_number for p in payloads(uow, events.EffectiveDateChanged)] == [
        "10002",
        "10003",
    ]


def test_rejections_and_cancellations_carry_each_rows_reason_or_the_runs(
    uow: FakeUnitOfWork,
) -> None:
    rows = one_per_transaction(lambda: uow)
    rejected = run_rows(
        rows,
        "reject",
        BulkOptions(reason="not in this wave"),
        ["10001", "10002"],
        values=[RowValues(reason="post to be deleted"), None],
    )
    cancelled = run_rows(
        rows, "cancel", BulkOptions(reason="proposed in error"), ["10003", "10001"]
    )
    assert [r.outcome for r in rejected + cancelled] == ["done", "done", "done", "refused"]
    assert [(p.post_number, p.reason) for p in payloads(uow, events.TransferRejected)] == [
        ("10001", "post to be deleted"),
        ("10002", "not in this wave"),
    ]
    cancel = payloads(uow, events.TransferCancelled)
    assert [(p.post_number, p.stage) for p in cancel] == [("10003", "proposed")]
    assert (
        cancelled[1].reason
        == "cannot cancel: post 10001's transfer to Central Finance was rejected"
    )


def test_a_row_moving_to_the_date_it_already_has_is_refused_with_the_date(
    uow: FakeUnitOfWork,
) -> None:
    own: list[RowValues | None] = [
        RowValues(effective_date=date(2027, 5, 1)),
        RowValues(effective_date=MOVE_ON),
    ]
    results = change_dates(uow, BulkOptions(), own, ["10001", "10002"])
    assert [r.outcome for r in results] == ["done", "refused"]
    assert results[1].reason == "post 10002's transfer already takes effect on 2027-04-01"


CSV = """post_number,effective_date,reports_to,reason
10001,2027-05-01,901,team ready later
10002,,,
10003,2027-07-01,,
"""


def test_a_csv_gives_each_line_its_own_values_and_empty_cells_take_the_runs() -> None:
    numbers, values = read_rows(CSV, "change_effective_date", RowValues(effective_date=MOVE_ON))
    assert numbers == list(MOVING)
    assert values == [
        RowValues(effective_date=date(2027, 5, 1), reports_to="901", reason="team ready later"),
        RowValues(),
        RowValues(effective_date=date(2027, 7, 1)),
    ]


def test_every_bad_line_is_named_with_its_number_and_why_before_anything_runs() -> None:
    text = """post_number,effective_date,reports_to,reason
10001,2027-05-01,,
1O002,2027-05-01,,
10003,1/5/2027,,
10004,,,
10005,2027-05-01,boss,
10006,2027-05-01,,ring jo.bloggs@example.org
"""
    with pytest.raises(RowsRefused) as refused:
        read_rows(text, "change_effective_date", RowValues())
    assert refused.value.problems == [
        "line 3: '1O002' is not a post number (3 to 10 digits)",
        "line 4 (post 10003): effective_date '1/5/2027' is not a date like 2027-04-01",
        "line 5 (post 10004): no effective date: give one in its column, or one for the whole run",
        "line 6 (post 10005): reports_to 'boss' is not a post number (3 to 10 digits)",
        "line 7 (post 10006): the reason looks like it contains an email address: say which "
        "post or role is meant instead (personal data must not go onto the permanent record)",
    ]
    assert str(refused.value).startswith("5 rows cannot be used, so nothing was done: line 3:")


def test_a_rejection_csv_may_not_carry_dates_or_lines_and_needs_a_reason() -> None:
    text = "post_number,effective_date,reason\n10001,2027-05-01,wrong file\n10002,,\n"
    with pytest.raises(RowsRefused) as refused:
        read_rows(text, "reject", RowValues())
    assert refused.value.problems == [
        "line 2 (post 10001): effective_date is not used to reject transfers: leave that "
        "column empty",
        "line 3 (post 10002): no reason: give one in the reason column, or one for the whole run",
    ]
    numbers, values = read_rows("10001\n10002\n", "cancel", RowValues(reason="in error"))
    assert (numbers, values) == (["10001", "10002"], [RowValues(), RowValues()])


def test_a_csv_with_a_column_no_run_reads_or_no_header_is_refused_whole() -> None:
    with pytest.raises(CsvUnreadable, match="line 1: 'grade' is not a column a bulk run reads"):
        read_rows("post_number,grade\n10001,Grade 7\n", "cancel", RowValues(reason="x"))
    with pytest.raises(CsvUnreadable, match="line 1: the CSV needs a header row"):
        read_rows("10001,2027-05-01\n", "change_effective_date", RowValues())


def test_rows_sent_as_a_list_are_named_by_their_place_in_it() -> None:
    with pytest.raises(RowsRefused) as refused:
        check_rows(
            "change_effective_date",
            ["10001", "10002"],
            [RowValues(effective_date=MOVE_ON), None],
            RowValues(),
        )
    assert refused.value.problems == [
        "row 2 (post 10002): no effective date: give one in its column, or one for the whole run"
    ]
