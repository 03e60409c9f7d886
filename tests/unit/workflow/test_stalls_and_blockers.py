"""Stall limits and blockers, judged against a fake 'today'."""

from __future__ import annotations

from datetime import date, timedelta

from services.workflow.domain.blockers import blockers_of
from services.workflow.domain.journey import Journey
from services.workflow.domain.stalls import StallLimits, stall_of

OPENED = date(2026, 5, 1)


def _journey(stage: str, **fields: object) -> Journey:
    base = Journey(
        post_number="10001", registered=True, department="CS", function="FIN", stage=stage
    )
    base.transfer_id = "T-1"
    for name, value in fields.items():
        setattr(base, name, value)
    return base


def test_a_consultation_open_30_days_is_not_stalled_but_31_days_is() -> None:
    journey = _journey("in_consultation", consultation_opened_on=OPENED)
    limits = StallLimits()
    assert stall_of(journey, OPENED + timedelta(days=30), limits) is None
    stall = stall_of(journey, OPENED + timedelta(days=31), limits)
    assert stall is not None
    assert (stall.stage, stall.since, stall.days, stall.limit_days) == (
        "in_consultation",
        OPENED,
        31,
        30,
    )
    assert stall.milestone_key == "TransferStalled:T-1:in_consultation"


def test_an_approved_transfer_stalls_a_week_after_its_effective_date() -> None:
    due = date(2026, 7, 1)
    journey = _journey("approved", effective_date=due, stage_since=date(2026, 6, 1))
    assert stall_of(journey, due + timedelta(days=7), StallLimits()) is None
    stall = stall_of(journey, due + timedelta(days=8), StallLimits())
    assert stall is not None and stall.since == due


def test_the_proposed_limit_comes_from_settings() -> None:
    journey = _journey("proposed", stage_since=OPENED)
    assert stall_of(journey, OPENED + timedelta(days=11), StallLimits(proposed_days=10))
    assert stall_of(journey, OPENED + timedelta(days=11), StallLimits(proposed_days=60)) is None


def test_finished_transfers_never_stall() -> None:
    journey = _journey("effective", effective_date=OPENED, stage_since=OPENED)
    assert stall_of(journey, OPENED + timedelta(days=400), StallLimits()) is None


def test_a_failed_budget_check_blocks_with_its_reason() -> None:
    journey = _journey("in_consultation", budget_check="failed", budget_failure_reason="frozen")
    assert [(b.code, b.detail) for b in blockers_of(journey, OPENED)] == [
        ("budget_check_failed", "budget check failed: frozen")
    ]


def test_a_consultation_past_its_closing_date_is_overdue() -> None:
    journey = _journey(
        "in_consultation", consultation_opened_on=OPENED, consultation_closes_by=date(2026, 5, 31)
    )
    assert blockers_of(journey, date(2026, 5, 31)) == []
    [blocker] = blockers_of(journey, date(2026, 6, 3))
    assert blocker.code == "consultation_overdue" and "3 days overdue" in blocker.detail


def test_a_closed_consultation_without_a_budget_check_waits_on_finance() -> None:
    journey = _journey("consultation_closed", stage_since=OPENED)
    assert [b.code for b in blockers_of(journey, OPENED)] == ["approval_waiting_on_budget_check"]
    journey.budget_check = "passed"
    assert blockers_of(journey, OPENED) == []


def test_approved_but_not_effective_after_the_effective_date_is_a_blocker() -> None:
    journey = _journey("approved", effective_date=date(2026, 7, 1))
    assert blockers_of(journey, date(2026, 7, 1)) == []
    assert [b.code for b in blockers_of(journey, date(2026, 7, 2))] == [
        "not_effective_after_effective_date"
    ]
