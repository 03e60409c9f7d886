"""HR's approval obeys the waves' policies: a decision reference and a completed equality
impact assessment where the wave covering the post requires them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.hr.application import commands as c
from services.hr.application.bulk import BulkOptions, command_for
from services.hr.domain.errors import TransferNotAllowed
from services.hr.domain.wave_rules import Decision, WaveRule
from shared.events import hr as events
from shared.programme.plan import WavePlan
from tests.unit.hr.fakes import FakeUnitOfWork
from tests.unit.hr.test_handlers import EFFECTIVE_ON, REGISTER, TODAY, run

PLAN = WavePlan(
    version=1, name="Wave 1: Finance and ICT", functions=("FIN", "ICT"), departments=(),
    consultation_starts_on=date(2027, 1, 11), approval_by=date(2027, 3, 1),
    effective_on=date(2027, 4, 1), target_saving=0, owner_role="Director of Finance",
    status="in_progress", decision_reference_required=True,
)  # fmt: skip
RULE = WaveRule(wave_id="W1", plan=PLAN)
DECIDED = Decision(reference="CAB/2027/14", decided_on=date(2027, 2, 25), maker="cabinet")


def ready_to_approve(*rules: WaveRule) -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.waves.rules = list(rules)
    run(uow, REGISTER)
    run(uow, c.ProposeTransfer(post_number="10423", target_team=None,
                               effective_date=EFFECTIVE_ON, reason="centralise"))  # fmt: skip
    run(uow, c.OpenConsultation(post_number="10423", opened_on=TODAY, closes_by=date(2027, 2, 28)))
    run(uow, c.CloseConsultation(post_number="10423", closed_on=date(2027, 2, 20),
                                 outcome="agreed", notes=""))  # fmt: skip
    uow.posts.posts["10423"].current_transfer().record_budget_check(True, "")
    return uow


def test_an_approval_in_a_wave_requiring_a_decision_is_refused_without_one() -> None:
    uow = ready_to_approve(RULE)
    before = len(uow.committed)
    with pytest.raises(TransferNotAllowed, match="requires each approval to name its Cabinet"):
        run(uow, c.ApproveTransfer(post_number="10423"))
    assert len(uow.committed) == before


def test_an_approval_naming_its_decision_carries_it_on_the_event() -> None:
    uow = ready_to_approve(RULE)
    run(uow, c.ApproveTransfer(post_number="10423", decision=DECIDED))
    approved = uow.committed[-1].payload
    assert isinstance(approved, events.TransferApproved)
    assert (approved.decision_reference, approved.decision_date, approved.decision_maker) == (
        "CAB/2027/14", date(2027, 2, 25), "cabinet",
    )  # fmt: skip


def test_a_decision_reference_without_its_date_is_refused() -> None:
    uow = ready_to_approve()
    with pytest.raises(TransferNotAllowed, match="needs its reference, its date"):
        run(uow, c.ApproveTransfer(post_number="10423", decision=Decision(reference="CAB/2027/14")))


def test_an_approval_waits_for_a_required_equality_assessment() -> None:
    plan = replace(PLAN, decision_reference_required=False, equality_assessment_required=True)
    waiting = replace(RULE, plan=plan)
    refused = r"equality impact assessment .* it is in progress"
    with pytest.raises(TransferNotAllowed, match=refused):
        run(
            ready_to_approve(replace(waiting, equality_assessment_status="in_progress")),
            c.ApproveTransfer(post_number="10423"),
        )
    done = ready_to_approve(replace(waiting, equality_assessment_status="completed"))
    run(done, c.ApproveTransfer(post_number="10423"))
    assert isinstance(done.committed[-1].payload, events.TransferApproved)


def test_a_wave_of_other_departments_or_a_cancelled_wave_asks_nothing() -> None:
    elsewhere = replace(RULE, plan=replace(PLAN, departments=("PLACE",)))
    cancelled = replace(RULE, plan=replace(PLAN, status="cancelled"))
    uow = ready_to_approve(elsewhere, cancelled)
    run(uow, c.ApproveTransfer(post_number="10423"))
    assert isinstance(uow.committed[-1].payload, events.TransferApproved)


def test_a_bulk_approval_gives_every_row_the_decision_it_names() -> None:
    command = command_for("approve", "10423", BulkOptions(decision=DECIDED))
    assert command == c.ApproveTransfer(post_number="10423", decision=DECIDED)
    uow = ready_to_approve(RULE)
    run(uow, command)
    assert isinstance(uow.committed[-1].payload, events.TransferApproved)
