"""Wave plans and planned versus actual: pure rules and arithmetic."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.workflow.domain.waves import Wave, WavePlan, WaveRefused, check_plan, check_replan
from shared.programme.progress import PostDates, slipped_milestones, wave_progress

PLAN = WavePlan(
    version=1,
    name="Wave 1: Finance and ICT",
    functions=("FIN", "ICT"),
    departments=(),
    consultation_starts_on=date(2027, 1, 11),
    approval_by=date(2027, 3, 1),
    effective_on=date(2027, 4, 1),
    target_saving=1_200_000,
    owner_role="Director of Finance",
    status="planned",
)


def post(number: str, **dates: date) -> PostDates:
    return PostDates(post_number=number, department="CS", annual_cost=40_000, **dates)


def test_a_plan_whose_dates_run_backwards_is_refused_with_the_dates() -> None:
    with pytest.raises(WaveRefused, match="dates must run in order"):
        check_plan(replace(PLAN, approval_by=date(2026, 12, 1)))


def test_a_plan_naming_an_unknown_function_or_department_is_refused() -> None:
    with pytest.raises(WaveRefused, match="unknown support function 'LEGAL'"):
        check_plan(replace(PLAN, functions=("LEGAL",)))
    with pytest.raises(WaveRefused, match="unknown department 'XX'"):
        check_plan(replace(PLAN, departments=("XX",)))


def test_a_replan_needs_a_reason_and_a_cancelled_wave_is_not_replanned() -> None:
    wave = Wave(wave_id="W1", plans=[PLAN])
    with pytest.raises(WaveRefused, match="needs a reason"):
        check_replan(wave, replace(PLAN, version=2))
    cancelled = Wave(wave_id="W1", plans=[replace(PLAN, status="cancelled")])
    with pytest.raises(WaveRefused, match="is cancelled"):
        check_replan(cancelled, replace(PLAN, version=2, reason="dates moved"))


def test_a_wave_covers_its_functions_in_its_departments_or_every_department_when_none() -> None:
    assert PLAN.covers("FIN", "PLACE")
    assert not PLAN.covers("HR", "PLACE")
    assert not replace(PLAN, departments=("CS",)).covers("FIN", "PLACE")


def test_planned_versus_actual_counts_posts_moved_by_the_date_against_posts_due() -> None:
    posts = [
        post("1", consultation_started=date(2027, 1, 11), approved=date(2027, 2, 20),
             moved=date(2027, 4, 1)),
        post("2", consultation_started=date(2027, 1, 12), approved=date(2027, 3, 5)),
    ]  # fmt: skip
    before = wave_progress(PLAN, posts, date(2027, 3, 31))
    assert (before.posts_planned_to_have_moved, before.posts_moved) == (0, 0)
    after = wave_progress(PLAN, posts, date(2027, 4, 2))
    assert (after.posts_planned_to_have_moved, after.posts_moved) == (2, 1)
    assert after.annual_cost_moved == 40_000
    statuses = {m.milestone: (m.status, m.posts_reached, m.achieved_on) for m in after.milestones}
    assert statuses == {
        "consultation_started": ("achieved_late", 2, date(2027, 1, 12)),
        "approved": ("achieved_late", 2, date(2027, 3, 5)),
        "moved": ("slipped", 1, None),
    }


def test_a_milestone_not_yet_due_is_due_and_one_met_on_time_is_achieved() -> None:
    posts = [post("1", consultation_started=date(2027, 1, 10))]
    progress = wave_progress(PLAN, posts, date(2027, 2, 1)).milestones
    assert [(m.milestone, m.status) for m in progress] == [
        ("consultation_started", "achieved"), ("approved", "due"), ("moved", "due"),
    ]  # fmt: skip


def test_only_an_open_wave_with_posts_slips() -> None:
    late = date(2027, 1, 20)
    assert [m.milestone for m in slipped_milestones(PLAN, [post("1")], late)] == [
        "consultation_started"
    ]
    assert slipped_milestones(PLAN, [], late) == []
    assert slipped_milestones(replace(PLAN, status="complete"), [post("1")], late) == []
