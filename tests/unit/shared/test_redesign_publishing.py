"""The redesign handlers HR and Finance share: the same lifecycle, refusals and events."""

from __future__ import annotations

from datetime import date

import pytest

from shared.events import redesign as ev
from shared.events.candidate_stages import CandidateStatus, status_after_step
from shared.persistence.outbox import NewEvent
from shared.redesign import publishing
from shared.redesign.commands import IdentifyCandidate, RegisterProcess, StartReview
from shared.redesign.publishing import RedesignNotAllowed, RedesignNotFound, RedesignOwner
from tests.support.redesign import FakeProcesses

HR = RedesignOwner(producer="hr", function="HR", words="HR")


class Work:
    def __init__(self) -> None:
        self.processes = FakeProcesses()
        self.emitted: list[NewEvent] = []

    def emit(self, event: NewEvent) -> None:
        self.emitted.append(event)


def _registered(work: Work, process_id: str = "PRC-HR-1") -> None:
    command = RegisterProcess(
        process_id=process_id,
        name="Recruitment administration",
        volume_per_year=4_000,
        minutes_per_case=90,
        rework_percent=0,
        average_grade_cost=34_000,
    )
    publishing.register_process(HR, work, command)


def test_a_candidate_walks_the_whole_way_to_delivered() -> None:
    status: CandidateStatus | None = CandidateStatus.IDENTIFIED
    for step in ("assess", "approve", "start_delivery", "deliver"):
        assert status is not None
        status, refusal = status_after_step("C-1", status, step)
        assert refusal == ""
    assert status is CandidateStatus.DELIVERED


def test_a_candidate_cannot_be_approved_before_it_is_assessed_nor_rejected_in_delivery() -> None:
    assert status_after_step("C-1", "identified", "approve") == (
        None,
        "candidate C-1 is identified, so it cannot be approved",
    )
    assert status_after_step("C-1", "in_delivery", "reject")[1].endswith("cannot be rejected")


def test_an_hr_process_is_published_on_hr_redesign_for_central_hr_with_its_support_needs() -> None:
    work = Work()
    _registered(work)
    need = ev.SupportNeed(department="ASCH", need="Faster recruitment of care workers")
    publishing.start_review(HR, work, StartReview("PRC-HR-1", date(2026, 6, 1), (need,)))
    assert [e.topic for e in work.emitted] == ["hr.redesign", "hr.redesign"]
    registered, review = (e.payload for e in work.emitted)
    assert isinstance(registered, ev.ProcessRegistered) and registered.team == "HR"
    assert isinstance(review, ev.ProcessReviewStarted) and review.support_needs == [need]


def test_registering_a_process_twice_is_refused_and_publishes_nothing_more() -> None:
    work = Work()
    _registered(work)
    with pytest.raises(RedesignNotAllowed, match="process PRC-HR-1 is already registered"):
        _registered(work)
    assert len(work.emitted) == 1


def test_a_step_out_of_order_is_refused_and_changes_nothing() -> None:
    work = Work()
    _registered(work)
    command = IdentifyCandidate(
        process_id="PRC-HR-1", kind="digitise", title="Online checks",
        automation_potential_percent=40, ease=4,
    )  # fmt: skip
    candidate = publishing.identify_candidate(HR, work, command)
    approve = ev.CandidateApproved(candidate_id=candidate)
    with pytest.raises(RedesignNotAllowed, match="is identified, so it cannot be approved"):
        publishing.move_candidate(HR, work, candidate, "approve", approve)
    assert work.processes.candidate(candidate) is CandidateStatus.IDENTIFIED
    with pytest.raises(RedesignNotFound, match="there is no HR redesign candidate C-HR-x"):
        publishing.move_candidate(HR, work, "C-HR-x", "approve", approve)
