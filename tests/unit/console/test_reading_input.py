"""Reading what people type and upload: dates, CSV files, bulk options; chart maths."""

from __future__ import annotations

from datetime import date

import pytest

from services.console.application.bulk_csv import UnreadableCsv, read_post_numbers
from services.console.application.bulk_plan import bulk_options, combined
from services.console.application.charts import money, stage_segments, widths
from services.console.application.dates import read_date


def test_a_date_is_read_from_its_three_boxes() -> None:
    form = {"d-day": "1", "d-month": "4", "d-year": "2027"}
    assert read_date(form, "d", "the date") == (date(2027, 4, 1), None)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date"),
        ("1", "", "2027", "The date must include a month"),
        ("30", "2", "2027", "The date must be a real date"),
        ("1", "4", "27", "The date must be a real date"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(day: str, month: str, year: str, message: str) -> None:
    form = {"d-day": day, "d-month": month, "d-year": year}
    assert read_date(form, "d", "the date") == (None, message)


def test_a_csv_gives_its_post_numbers_in_order_and_lists_the_bad_lines() -> None:
    numbers, bad = read_post_numbers("\ufeffPost_Number,title\n10001,a\nabc,b\n10002,c\n10001,d\n")
    assert numbers == ["10001", "10002"]
    assert [(line.line, line.reason) for line in bad] == [
        (3, "a post number is 3 to 10 digits"),
        (5, "this post is already on an earlier line"),
    ]


def test_a_csv_without_a_post_number_column_is_refused() -> None:
    with pytest.raises(UnreadableCsv, match="post_number column"):
        read_post_numbers("number\n10001\n")


def test_proposing_in_bulk_needs_a_date_and_a_reason() -> None:
    options, errors = bulk_options({"action": "propose"})
    assert [error.field for error in errors] == ["effective_date", "reason"]
    options, errors = bulk_options(
        {
            "action": "propose",
            "effective_date-day": "1",
            "effective_date-month": "4",
            "effective_date-year": "2027",
            "reason": "Programme",
            "target_team": "",
        }
    )
    assert errors == []
    assert options == {
        "action": "propose",
        "effective_date": "2027-04-01",
        "target_team": None,
        "reason": "Programme",
    }


def test_chunk_reports_add_up_to_one() -> None:
    first = {"totals": {"rows": 2, "done": 1, "refused": 1, "error": 0}, "rows": [{"p": 1}]}
    second = {"totals": {"rows": 1, "done": 1, "refused": 0, "error": 0}, "rows": [{"p": 2}]}
    assert combined([first, second]) == {
        "totals": {"rows": 3, "done": 2, "refused": 1, "error": 0},
        "rows": [{"p": 1}, {"p": 2}],
    }


def test_stage_segments_follow_the_programme_order_and_add_up_to_the_whole() -> None:
    segments = stage_segments({"effective": 1, "in_department": 2, "proposed": 1})
    assert [s.stage for s in segments] == ["in_department", "proposed", "effective"]
    assert sum(s.width for s in segments) == 100


def test_bar_widths_are_shares_of_the_largest_and_money_keeps_its_pence() -> None:
    assert widths([0, 50, 200]) == [0.0, 25.0, 100.0]
    assert widths([0, 0]) == [0.0, 0.0]
    assert (money(81000), money(-25000), money(12.5)) == ("£81,000", "−£25,000", "£12.50")
