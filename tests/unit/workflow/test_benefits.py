"""Redesign benefits follow domain.md's method; the priority score is the README's formula."""

from __future__ import annotations

import pytest

from services.workflow.domain.benefits import (
    ProcessEffort,
    WorkingTime,
    estimate_benefit,
    priority_score,
)

INVOICES = ProcessEffort(
    volume_per_year=60_000, minutes_per_case=6, rework_percent=10, average_grade_cost=30_000
)


def test_hours_as_is_are_volume_times_minutes_plus_rework() -> None:
    benefit = estimate_benefit(INVOICES, 40, WorkingTime())
    assert benefit.hours_as_is == 6_600.0  # 60,000 × 6 ÷ 60 × 1.10


def test_cost_as_is_is_fte_at_220_days_of_7_4_hours_times_grade_cost() -> None:
    benefit = estimate_benefit(INVOICES, 40, WorkingTime())
    assert benefit.fte_as_is == 4.05  # 6,600 ÷ 1,628
    assert benefit.cost_as_is == 121_622  # 6,600 ÷ 1,628 × 30,000


def test_savings_are_the_automation_potential_share_of_hours_and_cost() -> None:
    benefit = estimate_benefit(INVOICES, 40, WorkingTime())
    assert benefit.hours_saved == 2_640.0
    assert benefit.money_saved == 48_649


def test_a_shorter_working_year_makes_the_same_hours_more_ftes() -> None:
    short = estimate_benefit(INVOICES, 40, WorkingTime(days_per_year=200, hours_per_day=7))
    assert short.fte_as_is == round(6_600 / 1_400, 2)
    assert short.money_saved > estimate_benefit(INVOICES, 40, WorkingTime()).money_saved


def test_priority_is_money_saved_in_thousands_weighted_by_ease() -> None:
    assert priority_score(48_649, 3) == 29.19  # 48.649 × 3 ÷ 5
    assert priority_score(50_000, 5) == 50.0
    assert priority_score(50_000, 1) == 10.0


def test_an_easy_smaller_saving_can_outrank_a_hard_bigger_one() -> None:
    assert priority_score(30_000, 5) > priority_score(100_000, 1)


def test_ease_outside_one_to_five_is_refused() -> None:
    with pytest.raises(ValueError, match="ease must be 1 to 5"):
        priority_score(10_000, 0)
