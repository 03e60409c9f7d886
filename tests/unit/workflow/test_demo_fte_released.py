"""The demo's delivered candidates release FTE: the hours they freed in full-time years, never
more than their process takes as it is, so Workflow's own check accepts every one."""

from __future__ import annotations

import pytest

from services.workflow.application.demo_benefits import demo_fte_released, demo_process_fte
from services.workflow.domain.benefits import WorkingTime
from shared.demo import demo_candidates

WORKING = WorkingTime()
HOSTED = ("ICT", "COMMS", "POL", "PROC", "BUS", "PPM")


@pytest.mark.parametrize("seed", [2026, 7, 11])
def test_every_delivered_demo_candidate_releases_some_fte_its_process_can_give(seed: int) -> None:
    delivered = [
        plan
        for function in HOSTED
        for plan in demo_candidates(seed, function)
        if "deliver" in plan.path
    ]
    assert len(delivered) == len(HOSTED)
    for plan in delivered:
        released = demo_fte_released(plan, WORKING)
        assert 0 < released <= demo_process_fte(plan.process, WORKING)
        assert released <= plan.realised_hours_saved_per_year / WORKING.hours_per_fte


def test_the_fte_released_is_the_hours_freed_in_full_time_years_to_the_hundredth_below() -> None:
    plan = next(p for p in demo_candidates(2026, "ICT") if "deliver" in p.path)
    assert plan.realised_hours_saved_per_year == 543.2
    assert demo_fte_released(plan, WORKING) == 0.33  # 543.2 / 1628 = 0.3336…


def test_a_demo_process_takes_its_cases_minutes_and_rework_in_full_time_years() -> None:
    process = next(p for p in demo_candidates(2026, "ICT")).process
    hours = process.volume_per_year * process.minutes_per_case / 60
    hours *= 1 + process.rework_percent / 100
    assert demo_process_fte(process, WORKING) == round(hours / WORKING.hours_per_fte, 2)
