"""The demo "a year in": the early-start moves fall on a department whose finance budget can
fund them, their dates run in order before today, and Workflow plans them as a wave done."""

from __future__ import annotations

from datetime import date

import pytest

from services.workflow.application.demo_waves import early_start_wave
from services.workflow.domain.waves import check_plan
from shared.demo import frozen_cost_centres, generate_posts, under_funded_cost_centres
from shared.demo.moves import early_moves
from shared.programme.plan import plan_from_payload

TODAY = date(2027, 3, 1)


@pytest.mark.parametrize("seed", [2026, 7, 11])
def test_the_early_moves_are_of_a_funded_finance_line_and_all_before_today(seed: int) -> None:
    moves = early_moves(seed, TODAY)
    unfunded = frozen_cost_centres(seed) | under_funded_cost_centres(seed)
    assert f"{moves.department}-FIN-01" not in unfunded
    assert moves.department != "PLACE"  # Place's finance posts are Wave 1's
    dates = [moves.consulted_on, moves.consultation_closed_on, moves.decided_on,
             moves.effective_on]  # fmt: skip
    assert dates == sorted(dates) and dates[-1] < TODAY
    assert (moves.consultation_closed_on - moves.consulted_on).days >= 30  # the council's clock
    assert moves.decision_reference == "CAB/2026/031"


def test_workflow_plans_the_early_start_as_a_complete_wave_of_those_posts() -> None:
    wave = early_start_wave(2026, 1500, TODAY)
    moves = early_moves(2026, TODAY)
    plan = plan_from_payload({**vars(wave), "plan_version": 1})
    check_plan(plan)
    assert (plan.status, plan.effective_on, plan.approval_by) == (
        "complete", moves.effective_on, moves.decided_on)  # fmt: skip
    assert wave.name == "Early start: Finance (Adult Social Care and Health)"
    posts = [p for p in generate_posts(2026, 1500) if plan.covers(p.function, p.department)]
    assert posts and wave.target_saving == round(sum(p.annual_cost for p in posts) * 0.05, -3)
