"""Financial years run 1 April to 31 March; moves are pro-rated to the year's end."""

from __future__ import annotations

from datetime import date

import pytest

from services.finance.domain.financial_year import (
    days_in_financial_year,
    financial_year_of,
    is_financial_year,
    pro_rate,
)


def test_a_move_on_1_april_counts_the_whole_year() -> None:
    assert pro_rate(36_500, date(2026, 4, 1)) == 36_500


def test_a_move_on_31_march_counts_one_day() -> None:
    assert pro_rate(36_500, date(2027, 3, 31)) == 100


def test_a_move_on_1_october_counts_the_days_left_to_31_march() -> None:
    # 1 October 2026 to 31 March 2027 inclusive is 182 days of 365.
    assert pro_rate(36_500, date(2026, 10, 1)) == 18_200


def test_a_year_holding_29_february_has_366_days() -> None:
    assert days_in_financial_year(date(2027, 6, 1)) == 366  # 2027/28 holds 29 Feb 2028
    assert days_in_financial_year(date(2026, 6, 1)) == 365
    assert pro_rate(36_600, date(2028, 2, 29)) == 3_200  # 32 days of 366


def test_pro_rating_rounds_to_the_nearest_pound() -> None:
    assert pro_rate(1_000, date(2027, 3, 31)) == 3  # 2.74 → 3


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 4, 1), "2026/27"),
        (date(2027, 3, 31), "2026/27"),
        (date(2027, 1, 15), "2026/27"),
        (date(2099, 12, 31), "2099/00"),
    ],
)
def test_a_day_belongs_to_the_financial_year_that_started_on_the_1_april_before_it(
    day: date, year: str
) -> None:
    assert financial_year_of(day) == year


def test_financial_year_names_must_follow_on() -> None:
    assert is_financial_year("2026/27")
    assert not is_financial_year("2026/28")
    assert not is_financial_year("2026-27")
    assert not is_financial_year("26/27")
