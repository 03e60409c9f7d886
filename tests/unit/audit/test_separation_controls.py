"""Separation of duties and approval limits, found in the log (the rules HR enforces)."""

from __future__ import annotations

import uuid
from datetime import date

from shared.approval_policy import ApprovalPolicy
from tests.unit.audit.helpers import replay_messages, rules
from tests.unit.audit.scenario import History

PROPOSED, APPROVED, EFFECTIVE = date(2026, 2, 1), date(2026, 3, 2), date(2026, 4, 1)


def _proposed(*posts: tuple[str, int]) -> History:
    history = History()
    for post, cost in posts:
        history.register(post, "CS", cost, date(2026, 1, 5))
        history.propose(post, f"T-{post}", PROPOSED, EFFECTIVE)
    return history


def test_a_transfer_approved_by_the_officer_who_proposed_it_is_found() -> None:
    history = _proposed(("41001", 40_000))
    history.approve("41001", "T-41001", APPROVED, EFFECTIVE, by="tester")  # the proposer
    report = replay_messages(history.messages)
    assert rules(report) == ["approved_by_its_proposer"]
    finding = report.controls[0]
    assert "proposed and approved by the same officer, tester" in finding.message
    assert [e.event_type for e in finding.events] == ["TransferApproved", "TransferProposed"]


def test_the_same_officer_is_no_finding_when_the_council_does_not_separate_the_duties() -> None:
    history = _proposed(("41002", 40_000))
    history.approve("41002", "T-41002", APPROVED, EFFECTIVE, by="tester")
    policy = ApprovalPolicy(separation_of_duties=False)
    assert rules(replay_messages(history.messages, approvals=policy)) == []


def test_a_post_above_the_limit_approved_by_hr_staff_is_found_and_by_a_manager_is_not() -> None:
    history = _proposed(("41003", 72_500), ("41004", 72_500))
    history.approve("41003", "T-41003", APPROVED, EFFECTIVE)
    history.approve("41004", "T-41004", APPROVED, EFFECTIVE, role="hr_manager")
    report = replay_messages(history.messages)
    assert [(f.rule, f.aggregate) for f in report.controls] == [
        ("approved_above_limit_without_hr_manager", "post/41003")
    ]
    assert "costing £72,500 a year (limit £60,000)" in report.controls[0].message
    assert "in the role hr_staff, not hr_manager" in report.controls[0].message


def test_a_run_of_approvals_above_the_bulk_limit_together_is_found_once() -> None:
    posts = [(f"42{n:03}", 50_000) for n in range(12)]  # £600,000 together, each under £60k
    history = _proposed(*posts)
    run = str(uuid.uuid4())  # one request: one correlation id
    for post, _ in posts:
        history.approve(post, f"T-{post}", APPROVED, EFFECTIVE, correlation_id=run)
    report = replay_messages(history.messages)
    assert rules(report) == ["approved_above_limit_without_hr_manager"]
    assert "12 transfers approved together" in report.controls[0].message
    assert "£600,000 a year (bulk limit £500,000)" in report.controls[0].message
    assert len(report.controls[0].events) == 12
    higher = ApprovalPolicy(bulk_senior_above=600_000)
    assert rules(replay_messages(history.messages, approvals=higher)) == []
