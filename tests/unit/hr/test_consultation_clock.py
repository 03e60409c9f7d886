"""The consultation clocks: local policy minimum and the statutory collective rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.hr.domain.consultation_clock import collective_duty, consultation_clock

ON = date(2027, 3, 1)


def _proposals(count: int, on: date = ON) -> list[date]:
    return [on] * count


@pytest.mark.parametrize(("posts", "days"), [(19, None), (20, 30), (99, 30), (100, 45), (250, 45)])
def test_the_collective_duty_starts_at_20_posts_and_lengthens_at_100(
    posts: int, days: int | None
) -> None:
    duty = collective_duty(_proposals(posts), ON)
    assert (duty.days_before_first_dismissal if duty else None) == days


def test_proposals_in_the_rolling_90_days_count_together_and_older_ones_do_not() -> None:
    inside = [ON - timedelta(days=89)] * 10 + [ON] * 10
    assert collective_duty(inside, ON) is not None
    outside = [ON - timedelta(days=90)] * 10 + [ON] * 10
    assert collective_duty(outside, ON) is None, "day 91 back is outside the window"
    later = [ON + timedelta(days=1)] * 20
    assert collective_duty(later, ON) is None, "proposals after the day do not count yet"


def test_the_hr1_is_due_as_many_days_before_the_first_dismissal_as_consultation_must_run() -> None:
    duty = collective_duty(_proposals(120), ON)
    assert duty is not None
    assert duty.hr1_due(date(2027, 6, 30)) == date(2027, 5, 16)  # 45 days before
    assert "120 posts proposed as redundant" in duty.words


def test_the_council_policy_sets_the_clock_when_no_collective_duty_applies() -> None:
    clock = consultation_clock(opened_on=ON, policy_minimum_days=30)
    assert clock.earliest_close == date(2027, 3, 31)
    assert clock.rule == "the council's consultation policy"
    assert clock.hr1_due is None
    assert not clock.may_close_on(date(2027, 3, 30)) and clock.may_close_on(date(2027, 3, 31))
    assert clock.days_left(date(2027, 3, 21)) == 10 and clock.days_left(date(2027, 4, 9)) == 0


def test_the_longer_statutory_period_wins_and_the_refusal_says_which_rule_and_when() -> None:
    duty = collective_duty(_proposals(100), ON)
    clock = consultation_clock(
        opened_on=ON, policy_minimum_days=30, duty=duty, first_dismissal=date(2027, 5, 1)
    )
    assert (clock.minimum_days, clock.earliest_close) == (45, date(2027, 4, 15))
    assert clock.hr1_due == date(2027, 3, 17)
    assert clock.refusal(date(2027, 4, 1)) == (
        "the consultation cannot close on 01 April 2027: the statutory collective consultation "
        "rule requires at least 45 days, so it may close on or after 15 April 2027"
    )


def test_a_longer_local_policy_is_not_shortened_by_the_statute() -> None:
    duty = collective_duty(_proposals(20), ON)
    clock = consultation_clock(opened_on=ON, policy_minimum_days=42, duty=duty)
    assert (clock.minimum_days, clock.rule) == (42, "the council's consultation policy")


def test_a_period_may_end_on_a_weekend_as_the_statute_counts_calendar_days() -> None:
    clock = consultation_clock(opened_on=date(2027, 3, 6), policy_minimum_days=14)
    assert clock.earliest_close == date(2027, 3, 20)
    assert clock.earliest_close.weekday() == 5  # a Saturday, not moved
