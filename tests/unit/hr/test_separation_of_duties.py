"""Separation of duties and approval limits in HR's handlers (shared/approval_policy.py)."""

from __future__ import annotations

from datetime import date

import pytest

from services.hr.application import commands as c
from services.hr.application.bulk import BulkOptions, one_per_transaction, run_rows
from services.hr.application.handlers import handle
from services.hr.domain.errors import ApprovalNotAllowed
from services.hr.domain.transfer import Stage, Transfer
from shared.approval_policy import ApprovalPolicy
from tests.support.posts import register_post
from tests.unit.hr.fakes import FakeUnitOfWork

TODAY = date(2027, 1, 15)
POLICY = ApprovalPolicy()  # the council's defaults: separated, £60,000 and £500,000


def approval(number: str, by: str, role: str) -> c.ApproveTransfer:
    return c.ApproveTransfer(post_number=number, approver=by, approver_role=role, policy=POLICY)


def ready_to_approve(uow: FakeUnitOfWork, number: str, cost: int, by: str = "officer-a") -> None:
    """A post proposed by `by`, consulted, with Finance's budget check passed."""
    steps = (
        register_post(number, annual_cost=cost),
        c.ProposeTransfer(
            post_number=number,
            target_team=None,
            effective_date=date(2027, 4, 1),
            reason="centralise",
            proposed_by=by,
        ),
        c.OpenConsultation(
            post_number=number, opened_on=TODAY, closes_by=date(2027, 2, 28), minimum_days=0
        ),
        c.CloseConsultation(post_number=number, closed_on=TODAY, outcome="agreed"),
    )
    for command in steps:
        with uow:
            handle(uow, command)
    uow.posts.posts[number].current_transfer().record_budget_check(True, "")


def approve(uow: FakeUnitOfWork, number: str, by: str, role: str) -> Stage:
    with uow:
        transfer: Transfer = handle(uow, approval(number, by, role))
    return transfer.stage


def test_the_officer_who_proposed_a_transfer_may_not_approve_it_and_nothing_is_written() -> None:
    uow = FakeUnitOfWork()
    ready_to_approve(uow, "10423", 41_000)
    before = len(uow.committed)
    with pytest.raises(ApprovalNotAllowed, match="you proposed post 10423's transfer, so another"):
        approve(uow, "10423", "officer-a", "hr_staff")
    assert len(uow.committed) == before
    assert uow.posts.posts["10423"].current_transfer().stage is Stage.CONSULTATION_CLOSED
    assert approve(uow, "10423", "officer-b", "hr_staff") is Stage.APPROVED


def test_a_post_above_the_approval_limit_needs_an_hr_manager() -> None:
    uow = FakeUnitOfWork()
    ready_to_approve(uow, "10424", 72_500)
    with pytest.raises(ApprovalNotAllowed, match="costs £72,500 a year, above the £60,000"):
        approve(uow, "10424", "officer-b", "hr_staff")
    assert approve(uow, "10424", "manager-c", "hr_manager") is Stage.APPROVED


def test_an_hr_manager_who_proposed_a_transfer_may_not_approve_it_either() -> None:
    uow = FakeUnitOfWork()
    ready_to_approve(uow, "10425", 72_500, by="manager-c")
    with pytest.raises(ApprovalNotAllowed, match="separation of duties"):
        approve(uow, "10425", "manager-c", "hr_manager")


def test_a_bulk_run_refuses_the_rows_its_officer_proposed_with_the_reason() -> None:
    uow = FakeUnitOfWork()
    ready_to_approve(uow, "10426", 41_000)
    ready_to_approve(uow, "10427", 41_000, by="officer-b")
    options = BulkOptions(by="officer-b", role="hr_staff", policy=POLICY)
    results = run_rows(one_per_transaction(lambda: uow), "approve", options, ["10426", "10427"])
    assert [(r.post_number, r.outcome) for r in results] == [
        ("10426", "done"),
        ("10427", "refused"),
    ]
    assert "you proposed post 10427's transfer" in results[1].reason


def test_the_bulk_limit_is_the_posts_together_and_a_limit_of_none_is_no_limit() -> None:
    assert POLICY.bulk_refusal(posts=12, total=600_000, role="hr_staff") == (
        "the 12 posts of this bulk approval cost £600,000 a year together, above the "
        "£500,000 limit for one approval run: an HR manager must run it"
    )
    assert POLICY.bulk_refusal(posts=12, total=600_000, role="hr_manager") is None
    assert POLICY.bulk_refusal(posts=10, total=500_000, role="hr_staff") is None
    unlimited = ApprovalPolicy(senior_above=None, bulk_senior_above=None)
    assert unlimited.bulk_refusal(posts=1, total=10**9, role="hr_staff") is None
    assert not unlimited.over_limit(10**9)


def test_a_transfer_whose_proposer_is_not_known_is_held_only_to_the_limit() -> None:
    refusal = POLICY.refusal(
        post_number="10428", proposed_by="", approver="", role="hr_staff", annual_cost=41_000
    )
    assert refusal is None
