"""Read every service's end state and the topics, and say how they differ from the oracle."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from services.finance.adapters import tables as finance_tables
from services.hr.adapters import tables as hr_tables
from services.workflow.adapters import tables as workflow_tables
from shared.persistence.engine import make_engine
from tests.reliability.scenario import Plan
from tests.reliability.stack import Stack
from tests.support.topics import read_topic


def _rows(url: str, query: Any) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(query))
    finally:
        engine.dispose()


def end_states(stack: Stack) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Per service, per post: what the service holds about its (latest) transfer."""
    t = hr_tables.transfers
    latest = select(t.c.post_number, func.max(t.c.position).label("p")).group_by(t.c.post_number)
    latest_q = latest.subquery()
    hr = _rows(
        stack.databases["hr"],
        select(t.c.post_number, t.c.stage, t.c.budget_check).join(
            latest_q, (latest_q.c.post_number == t.c.post_number) & (latest_q.c.p == t.c.position)
        ),
    )
    b = finance_tables.budget_transfers
    finance = _rows(
        stack.databases["finance"], select(b.c.post_number, b.c.check_passed, b.c.money)
    )
    j = workflow_tables.journeys
    workflow = _rows(
        stack.databases["workflow"],
        select(j.c.post_number, j.c.stage, j.c.budget_check, j.c.budget_moved),
    )
    return {
        "hr": {row[0]: (row[1], row[2]) for row in hr},
        "finance": {row[0]: ("passed" if row[1] else "failed", row[2]) for row in finance},
        "workflow": {
            row[0]: (row[1], row[2], bool(row[3]))
            for row in workflow
            if row[1] not in ("in_department", "not_yet_registered")
        },
    }


def expected_states(plan: Plan) -> dict[str, dict[str, tuple[Any, ...]]]:
    """What the oracle says each service holds."""
    return {
        "hr": dict(plan.expected),
        "finance": {
            post: (check, "moved" if stage == "effective" else "checked")
            for post, (stage, check) in plan.expected.items()
        },
        "workflow": {
            post: (stage, check, stage == "effective")
            for post, (stage, check) in plan.expected.items()
        },
    }


def differences(plan: Plan, stack: Stack) -> dict[str, list[str]]:
    """Posts whose end state differs from the oracle, per service (first few)."""
    found, wanted = end_states(stack), expected_states(plan)
    wrong: dict[str, list[str]] = {}
    for service, expected in wanted.items():
        actual = found[service]
        bad = [
            f"{post}: {actual.get(post)} not {state}"
            for post, state in expected.items()
            if actual.get(post) != state
        ]
        bad += [f"{post}: unexpected {actual[post]}" for post in set(actual) - set(expected)]
        if bad:
            wrong[service] = [*sorted(bad)[:10], f"({len(bad)} in all)"]
    return wrong


def budget_problems(plan: Plan, stack: Stack) -> list[str]:
    """Lines that do not balance, or moved other money than the oracle says."""
    lines = finance_tables.budget_lines
    rows = _rows(stack.databases["finance"], select(lines))
    problems = [
        f"{r.cost_centre}/{r.function} still reserves {r.reserved}" for r in rows if r.reserved != 0
    ]
    moved_in = sum(r.moved_in for r in rows)
    moved_out = sum(r.moved_out for r in rows)
    if moved_in != moved_out:
        problems.append(f"moved in {moved_in} but moved out {moved_out}")
    for r in rows:
        if not r.cost_centre.startswith("CEN-"):
            want = plan.moved_out.get((r.cost_centre, r.function), 0)
            if r.moved_out != want:
                problems.append(f"{r.cost_centre}/{r.function} moved out {r.moved_out}, not {want}")
    return problems


def topic_events(stack: Stack, logical: str) -> dict[str, dict[str, Any]]:
    """Distinct events on a topic, by event id (a relay may publish one twice)."""
    messages = asyncio.run(read_topic(stack.bootstrap, stack.topic(logical), timeout=120))
    return {m["value"]["event_id"]: m["value"] for m in messages if isinstance(m["value"], dict)}


def inbox_ids(stack: Stack, service: str, consumer: str) -> list[str]:
    tables = {"hr": hr_tables, "finance": finance_tables, "workflow": workflow_tables}[service]
    inbox = tables.messaging.inbox
    query = select(inbox.c.event_id).where(inbox.c.consumer == consumer)
    return [row[0] for row in _rows(stack.databases[service], query)]


def double_effects(stack: Stack) -> list[str]:
    """Any sign that a consumer applied an event twice; empty when none."""
    posts, budgets = topic_events(stack, "hr.posts"), topic_events(stack, "finance.budgets")
    problems: list[str] = []
    # Inboxes: exactly the distinct events each consumer was given, each once.
    expectations = {
        ("finance", "finance.transfers"): set(posts),
        ("workflow", "workflow.tracker"): set(posts) | set(budgets),
        ("hr", "hr.budget-checks"): {
            i for i, e in budgets.items() if e["event_type"].startswith("BudgetCheck")
        },
    }
    for (service, consumer), wanted in expectations.items():
        ids = inbox_ids(stack, service, consumer)
        if len(ids) != len(set(ids)) or set(ids) != wanted:
            problems.append(f"{consumer}: {len(ids)} inbox rows for {len(wanted)} events")
    # Finance's replies: one of each kind per transfer, however often HR's events came.
    replies = Counter((e["event_type"], e["payload"]["transfer_id"]) for e in budgets.values())
    problems += [
        f"{kind} {transfer} published {n} times" for (kind, transfer), n in replies.items() if n > 1
    ]
    # Workflow's timeline: each event about a post once.
    events = workflow_tables.post_events
    timeline = [r[0] for r in _rows(stack.databases["workflow"], select(events.c.event_id))]
    if len(timeline) != len(set(timeline)) or set(timeline) != set(posts) | set(budgets):
        problems.append(f"timeline has {len(timeline)} rows for {len(posts) + len(budgets)}")
    return problems
