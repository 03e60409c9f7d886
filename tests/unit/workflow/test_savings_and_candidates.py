"""Savings add up without double counting; Workflow's own candidate steps are guarded."""

from __future__ import annotations

from datetime import date

import pytest

from services.workflow.domain.candidate import check_step, check_workflow_may_publish
from services.workflow.domain.errors import CandidateStepNotAllowed, NotWorkflowsToChange
from services.workflow.domain.savings import (
    CandidateSaving,
    RealisedRecord,
    financial_year_of,
    savings_position,
)

YEAR = "2026/27"


def _saving(
    candidate_id: str,
    committed: bool,
    estimated: float,
    realised: int | None = None,
    on: date | None = None,
) -> CandidateSaving:
    return CandidateSaving(
        candidate_id=candidate_id,
        committed=committed,
        estimated_money=estimated,
        realised_money=realised,
        delivered_on=on,
    )


def _delivered(candidate_id: str, realised: int, on: date = date(2026, 9, 1)) -> CandidateSaving:
    return _saving(candidate_id, True, 20_000.0, realised, on)


def test_the_financial_year_runs_april_to_march() -> None:
    assert financial_year_of(date(2026, 4, 1)) == "2026/27"
    assert financial_year_of(date(2027, 3, 31)) == "2026/27"
    assert financial_year_of(date(2000, 1, 1)) == "1999/00"


def test_a_saving_finance_books_against_a_candidate_is_not_counted_twice() -> None:
    position = savings_position(
        "ICT",
        YEAR,
        target=100_000,
        realised_records=[RealisedRecord(YEAR, 15_000, "CAN-1")],
        candidates=[_delivered("CAN-1", 12_000), _delivered("CAN-2", 9_000)],
    )
    assert position.realised == 15_000 + 9_000  # Finance's figure replaces CAN-1's own
    assert position.estimated == 40_000
    assert position.gap == 100_000 - 24_000


def test_only_approved_and_later_candidates_count_as_estimated() -> None:
    identified = _saving("CAN-3", False, 50_000.0)
    approved = _saving("CAN-4", True, 7_000.4)
    position = savings_position("ICT", YEAR, 0, [], [identified, approved])
    assert (position.estimated, position.realised, position.gap) == (7_000, 0, 0)


def test_savings_of_another_year_do_not_count() -> None:
    position = savings_position(
        "ICT",
        YEAR,
        target=10_000,
        realised_records=[RealisedRecord("2025/26", 4_000, None)],
        candidates=[_delivered("CAN-5", 3_000, on=date(2026, 3, 1))],
    )
    assert position.realised == 0 and position.gap == 10_000


def test_a_candidate_cannot_be_approved_before_it_is_assessed() -> None:
    with pytest.raises(CandidateStepNotAllowed, match="is identified, so it cannot be approved"):
        check_step("CAN-1", "identified", "approve")
    check_step("CAN-1", "assessed", "approve")


def test_delivered_and_rejected_candidates_take_no_more_steps() -> None:
    for status in ("delivered", "rejected"):
        for step in ("assess", "approve", "reject", "start_delivery", "deliver"):
            with pytest.raises(CandidateStepNotAllowed):
                check_step("CAN-1", status, step)


def test_workflow_does_not_publish_for_hr_or_finance_processes() -> None:
    with pytest.raises(NotWorkflowsToChange, match="recorded by the Finance service"):
        check_workflow_may_publish("FIN")
    check_workflow_may_publish("ICT")
