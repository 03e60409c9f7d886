"""The ACLs of a secured deployment: each service writes only its own topics, reads only
what its subscribers consume, joins only its own groups; the auditor only reads."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import FastAPI

from services.finance.app import FinanceSettings
from services.finance.app import create_app as finance_app
from services.hr.app import HrSettings
from services.hr.app import create_app as hr_app
from services.workflow.app import WorkflowSettings
from services.workflow.app import create_app as workflow_app
from shared.kafka.acls import AUDITOR, READS, SERVICES, Grant, Operation, Pattern, Resource, grants

PREFIX = "council-a."
FIXED = {"database_url": "sqlite://", "topic_prefix": "", "onecouncil_env": "local"}


def _subscriptions(app: FastAPI) -> tuple[set[str], set[str]]:
    """The topics and consumer groups of one service's subscribers, as the app declares them."""
    topics: set[str] = set()
    groups: set[str] = set()
    for subscriber in app.state.runtime.broker.subscribers:
        topics.update(topic.name for topic in getattr(subscriber, "topics", ()))
        groups.add(str(subscriber.group_id))
    return topics, groups


def _by_principal(rules: list[Grant]) -> dict[str, list[Grant]]:
    found: dict[str, list[Grant]] = defaultdict(list)
    for rule in rules:
        found[rule.principal].append(rule)
    return found


def test_each_service_may_read_exactly_the_topics_its_subscribers_consume() -> None:
    apps: dict[str, Any] = {
        "hr": hr_app(HrSettings.model_validate(FIXED)),
        "finance": finance_app(FinanceSettings.model_validate(FIXED)),
        "workflow": workflow_app(WorkflowSettings.model_validate(FIXED)),
    }
    for service, app in apps.items():
        topics, groups = _subscriptions(app)
        assert topics == set(READS[service]), service
        assert all(group.startswith(f"{service}.") for group in groups), (service, groups)


def test_a_service_writes_creates_and_joins_groups_only_under_its_own_name() -> None:
    rules = _by_principal(grants(PREFIX))
    for service in SERVICES:
        for rule in rules[service]:
            if rule.operation is not Operation.READ or rule.resource is Resource.GROUP:
                owned = rule.name.startswith(f"{PREFIX}{service}.")
                read_topic = rule.name.removeprefix(PREFIX) in READS[service]
                assert owned or (rule.operation is Operation.DESCRIBE and read_topic), str(rule)
        writes = [rule for rule in rules[service] if rule.operation is Operation.WRITE]
        assert [(r.name, r.pattern) for r in writes] == [(f"{PREFIX}{service}.", Pattern.PREFIXED)]


def test_the_auditor_only_reads_and_describes_the_deployments_topics() -> None:
    auditor = _by_principal(grants(PREFIX))[AUDITOR]
    assert {(r.operation, r.resource, r.name, r.pattern) for r in auditor} == {
        (Operation.READ, Resource.TOPIC, PREFIX, Pattern.PREFIXED),
        (Operation.DESCRIBE, Resource.TOPIC, PREFIX, Pattern.PREFIXED),
    }


def test_without_a_prefix_the_auditor_reads_every_topic_by_the_wildcard() -> None:
    auditor = _by_principal(grants(""))[AUDITOR]
    assert {(r.name, r.pattern) for r in auditor} == {("*", Pattern.LITERAL)}


def test_no_rule_lets_anyone_delete_or_alter() -> None:
    # Only the administrator (the broker's super user) deletes topics or records.
    assert {rule.operation for rule in grants(PREFIX)} == {
        Operation.READ, Operation.WRITE, Operation.CREATE, Operation.DESCRIBE,
    }  # fmt: skip
    assert {rule.principal for rule in grants(PREFIX)} == {*SERVICES, AUDITOR}
