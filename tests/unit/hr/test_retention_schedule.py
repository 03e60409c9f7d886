"""The retention schedule's arithmetic: six years from leaving by default, leap days too."""

from __future__ import annotations

from datetime import date

from services.hr.domain.retention import RetentionSchedule


def test_a_leaver_is_due_six_years_to_the_day_after_hr_saw_them_leave() -> None:
    schedule = RetentionSchedule()
    left = date(2027, 3, 31)  # six years that hold two leap days (2028, 2032)
    assert not schedule.leaver_due(left, date(2033, 3, 30))
    assert schedule.leaver_due(left, date(2033, 3, 31))
    assert not schedule.leaver_due(date(2029, 3, 1), date(2035, 3, 1))  # one leap day: a day more


def test_bulk_values_outlive_a_run_by_the_days_the_council_chose() -> None:
    assert RetentionSchedule(bulk_values_days=30).bulk_values_before(date(2027, 2, 1)) == date(
        2027, 1, 2
    )
