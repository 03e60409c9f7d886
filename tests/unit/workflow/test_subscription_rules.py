"""Kinds, who may subscribe or read, which departments an event concerns, retry waits."""

from __future__ import annotations

import pytest

from services.workflow.subscriptions.kinds import ALL_KINDS, KINDS, UnknownKind, parse_kinds
from services.workflow.subscriptions.rules import (
    SubscriptionRefused,
    UnknownDepartment,
    backoff_delay,
    check_may_manage,
    department_named,
    departments_of,
    feed_scope,
)
from shared.events.catalogue import CATALOGUE

NO_DEPARTMENT = {
    "TeamCentralised",
    "ProcessRegistered",
    "ProcessReviewStarted",
    "SavingsTargetSet",
    "SavingsRealised",
}


def test_every_event_that_can_name_a_department_belongs_to_exactly_one_kind() -> None:
    in_kinds = [event_type for types in KINDS.values() for event_type in types]
    assert len(in_kinds) == len(set(in_kinds))
    assert set(in_kinds) == set(CATALOGUE) - NO_DEPARTMENT


def test_kinds_default_to_all_and_come_back_in_the_documented_order() -> None:
    assert parse_kinds(None) == ALL_KINDS
    assert parse_kinds(["Milestones", " budgets ", ""]) == ("budgets", "milestones")
    with pytest.raises(UnknownKind, match="unknown kind 'gossip'"):
        parse_kinds(["gossip"])


def test_only_a_departments_own_lead_may_manage_its_subscriptions() -> None:
    check_may_manage("department_lead", "CS", "CS")
    with pytest.raises(SubscriptionRefused, match=r"own department \(CS\), not PLACE"):
        check_may_manage("department_lead", "CS", "PLACE")
    for role in ("hr_staff", "finance_staff", "auditor"):
        with pytest.raises(SubscriptionRefused, match="only department leads"):
            check_may_manage(role, None, "CS")


def test_leads_read_their_own_feed_auditors_any_and_staff_none() -> None:
    assert feed_scope("department_lead", "CS", None) == "CS"
    assert feed_scope("department_lead", "CS", "CS") == "CS"
    with pytest.raises(SubscriptionRefused):
        feed_scope("department_lead", "CS", "PLACE")
    assert feed_scope("auditor", None, "PLACE") == "PLACE"
    assert feed_scope("auditor", None, None) is None
    for role in ("hr_staff", "finance_staff"):
        with pytest.raises(SubscriptionRefused, match="for department leads and auditors"):
            feed_scope(role, None, "CS")


def test_departments_are_named_by_code_or_full_name() -> None:
    assert department_named("Children's Services") == "CS"
    assert department_named("place") == "PLACE"
    with pytest.raises(UnknownDepartment, match="unknown department 'Parks'"):
        department_named("Parks")


def test_an_event_goes_to_its_envelopes_department_and_candidates_to_theirs() -> None:
    assert departments_of("TransferApproved", "CS", {"post_number": "1"}, {}) == ["CS"]
    assert departments_of("TransferApproved", None, {"post_number": "1"}, {}) == []
    assert departments_of("TeamCentralised", "CS", {}, {}) == []
    identified = {"candidate_id": "C1", "departments": ["PLACE", "CS"]}
    assert departments_of("CandidateIdentified", None, identified, {}) == ["CS", "PLACE"]
    known = {"C1": ["CS", "PLACE"]}
    assert departments_of("CandidateApproved", None, {"candidate_id": "C1"}, known) == [
        "CS",
        "PLACE",
    ]
    assert departments_of("CandidateApproved", None, {"candidate_id": "C2"}, known) == []


def test_retry_waits_double_from_the_base_up_to_the_cap() -> None:
    assert [backoff_delay(n, 1.0, 10.0) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]
