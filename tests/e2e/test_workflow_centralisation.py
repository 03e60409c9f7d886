"""A whole support function centralised through HR's bulk API, with HR, Finance and Workflow
running as processes on the demo establishment: Workflow's progress, milestones and savings
agree with what HR moved and Finance booked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared import demo
from shared.auth import Role
from tests.conftest import token_for
from tests.support.answers import budget_verdict
from tests.support.databases import NewDatabase
from tests.support.demo_posts import movable_demo_posts
from tests.support.services import ServiceProcess, start_services
from tests.support.topics import Messages, read_until
from tests.support.waiting import eventually

pytestmark = pytest.mark.kafka
SEED, SUPPORT_POSTS = 2026, 120
TODAY = date(2026, 10, 1)  # HR's clock, after the effective date: the moves are due at once
EFFECTIVE = TODAY - timedelta(days=1)
YEAR = "2026/27"
# ICT: every cost centre of the demo's ICT posts is funded, HR's demo starts no ICT transfer,
# and Workflow's demo ICT candidates are seeded before the test starts (their realised
# savings are read first, so the test's own are the difference).
FUNCTION = "ICT"


@pytest.fixture
def council(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> Iterator[dict[str, httpx.Client]]:
    names = ["hr", "finance", "workflow"]
    extra = {
        "DEMO_SUPPORT_POSTS": str(SUPPORT_POSTS), "DEMO_SEED": str(SEED),
        "CLOCK_TODAY": TODAY.isoformat(), "SCHEDULER_INTERVAL_S": "3600",
        "STALL_CHECK_INTERVAL_S": "3600", "RELAY_INTERVAL_MS": "50",
    }  # fmt: skip
    databases = {name: new_database(name) for name in names}
    services = start_services(names, kafka_bootstrap, topic_prefix, databases, artifacts, extra)
    roles: dict[str, Role] = {"hr": "hr_staff", "finance": "finance_staff", "workflow": "hr_staff"}
    clients = {name: _client(services[name], role) for name, role in roles.items()}
    try:
        yield clients
    finally:
        for client in clients.values():
            client.close()
        exit_codes = {name: service.stop() for name, service in services.items()}
        assert exit_codes == dict.fromkeys(names, 0), "clean shutdown on SIGTERM"


async def test_a_function_centralised_through_hr_shows_in_workflows_progress_and_savings(
    council: dict[str, httpx.Client], kafka_bootstrap: str, topic_prefix: str
) -> None:
    hr, finance, workflow = council["hr"], council["finance"], council["workflow"]
    expected = sorted(p.post_number for p in demo.generate_posts(SEED, SUPPORT_POSTS)
                      if p.function == FUNCTION)  # fmt: skip
    posts = eventually(lambda: _hr_posts(hr), lambda found: len(found) == len(expected))
    numbers = [post["post_number"] for post in posts]
    assert numbers == expected
    eventually(lambda: _function(workflow, FUNCTION), lambda entry: entry["posts"] == len(expected))
    eventually(lambda: finance.get("/budget-lines").json(), lambda lines: len(lines) > 0)

    run = _bulk(hr, "propose", numbers, effective_date=EFFECTIVE.isoformat(),
                reason="One Council Support Functions: centralise ICT")  # fmt: skip
    assert run["totals"] == {"rows": len(numbers), "done": len(numbers), "refused": 0, "error": 0}
    _bulk(hr, "open_consultation", numbers, closes_by=(TODAY + timedelta(days=30)).isoformat())
    _bulk(hr, "close_consultation", numbers, outcome="agreed")
    for number in numbers:  # approval needs Finance's verdict on each post
        budget_verdict(hr, number)
    approved = _bulk(hr, "approve", numbers)
    assert approved["totals"]["done"] == len(numbers), approved["rows"]
    due = hr.post("/transfers/take-effect-due").json()
    assert due["today"] == TODAY.isoformat()
    # Only ICT's moves are counted: the demo's early moves may be approved after the
    # scheduler's first pass at start-up, and then this run makes them effective too.
    moved = {row["post_number"] for row in due["rows"] if row["outcome"] == "done"}
    assert moved >= set(numbers), sorted(set(numbers) - moved)
    _refused_on_a_frozen_cost_centre(hr)

    demo_realised = workflow.get(f"/savings/{FUNCTION}?financial_year={YEAR}").json()["realised"]
    candidate = _deliver_a_candidate(workflow)
    target = {"team": FUNCTION, "financial_year": YEAR, "amount": 250_000}
    assert finance.post("/savings/targets", json=target).status_code == 201
    booked = {"team": FUNCTION, "financial_year": YEAR, "amount": 42_000,
              "candidate_id": candidate, "description": "Zero-touch laptop builds"}  # fmt: skip
    assert finance.post("/savings/realised", json=booked).status_code == 201

    progress = eventually(
        lambda: _function(workflow, FUNCTION),
        lambda entry: (
            entry["posts_moved"] == len(numbers)
            and entry["budget_moved"] == sum(p["annual_cost"] for p in posts)
        ),
    )
    assert progress["percent_centralised"] == 100.0
    assert progress["posts_by_stage"] == {"effective": len(numbers)}
    assert progress["fte_moved"] == round(sum(p["fte"] for p in posts), 2)
    assert progress["annual_cost_moved"] == sum(p["annual_cost"] for p in posts)

    milestones = await _milestones(kafka_bootstrap, topic_prefix, set(numbers))
    moved = Counter(  # the demo's own early moves (finance posts) are on the topic too
        m["payload"]["post_number"] for m in milestones
        if m["event_type"] == "PostMoveCompleted" and m["payload"]["post_number"] in numbers
    )  # fmt: skip
    assert moved == dict.fromkeys(numbers, 1)
    [team] = [m["payload"] for m in milestones if m["event_type"] == "TeamCentralised"]
    assert team == {"team": FUNCTION, "function": FUNCTION, "posts_moved": len(numbers),
                    "completed_on": EFFECTIVE.isoformat(),
                    "after_withdrawal_event_id": None}  # fmt: skip

    # The demo's own realised savings may still be arriving when they were read above: the
    # test's 42,000 (Finance's booked figure, not the candidate's own 30,000) is on top.
    savings = eventually(
        lambda: workflow.get(f"/savings/{FUNCTION}?financial_year={YEAR}").json(),
        lambda position: (
            position["target"] == 250_000 and position["realised"] >= demo_realised + 42_000
        ),
    )
    assert savings["gap"] == 250_000 - savings["realised"]


def _refused_on_a_frozen_cost_centre(hr: httpx.Client) -> None:
    """A post on a frozen cost centre gets as far as approval, and is refused with Finance's
    reason (it stays out of the function centralised above)."""
    frozen = next(
        p for p in movable_demo_posts(SEED, SUPPORT_POSTS)
        if p.cost_centre in demo.frozen_cost_centres(SEED) and p.function != FUNCTION
    )  # fmt: skip
    number = [frozen.post_number]
    _bulk(hr, "propose", number, effective_date=EFFECTIVE.isoformat(), reason="Centralise")
    _bulk(hr, "open_consultation", number, closes_by=TODAY.isoformat())
    _bulk(hr, "close_consultation", number, outcome="agreed")
    budget_verdict(hr, frozen.post_number)
    [row] = _bulk(hr, "approve", number)["rows"]
    assert row["outcome"] == "refused"
    assert row["reason"] == (
        f"cannot approve post {frozen.post_number}'s transfer: the budget check failed "
        f"(cost centre {frozen.cost_centre} is frozen)"
    )


def _deliver_a_candidate(workflow: httpx.Client) -> str:
    """A Workflow candidate for the team, taken to delivered with its own realised figure."""
    process = {
        "process_id": "PRC-ICT-E2E",
        "function": FUNCTION,
        "name": "Laptop builds",
        "volume_per_year": 3_000,
        "minutes_per_case": 90,
        "average_grade_cost": 38_000,
    }
    assert workflow.post("/processes", json=process).status_code == 201
    candidate = {
        "candidate_id": "CAN-ICT-E2E",
        "process_id": "PRC-ICT-E2E",
        "kind": "automate",
        "title": "Zero-touch builds",
        "automation_potential_percent": 60,
        "ease": 4,
    }
    assert workflow.post("/candidates", json=candidate).status_code == 201
    for step in ("assess", "approve", "start-delivery"):
        assert workflow.post(f"/candidates/CAN-ICT-E2E/{step}", json={}).status_code == 200
    delivered = {"realised_money_saved_per_year": 30_000, "realised_hours_saved_per_year": 1_500}
    answer = workflow.post("/candidates/CAN-ICT-E2E/deliver", json=delivered)
    assert answer.status_code == 200 and answer.json()["status"] == "delivered"
    return "CAN-ICT-E2E"  # fmt: skip


async def _milestones(bootstrap: str, prefix: str, posts: set[str]) -> list[dict[str, Any]]:
    """What is on `workflow.milestones` once the posts' moves and the team's milestone are
    there."""

    def all_there(found: Messages) -> bool:
        kinds = Counter(m["value"]["event_type"] for m in found)
        moved = {m["value"]["payload"]["post_number"] for m in found
                 if m["value"]["event_type"] == "PostMoveCompleted"}  # fmt: skip
        return posts <= moved and kinds["TeamCentralised"] >= 1

    found = await read_until(bootstrap, f"{prefix}workflow.milestones", all_there)
    return [m["value"] for m in found]


def _client(service: ServiceProcess, role: Role) -> httpx.Client:
    token = token_for(role, user_id=f"{role}-e2e")
    return httpx.Client(base_url=service.url, headers={"Authorization": f"Bearer {token}"},
                        timeout=30)  # fmt: skip


def _bulk(hr: httpx.Client, action: str, numbers: list[str], **fields: Any) -> Any:
    body = {"action": action, "post_numbers": numbers, **fields}
    key = f"{action}-{'-'.join(numbers[:3])}-{len(numbers)}"
    answer = hr.post("/bulk/transfers", json=body, headers={"Idempotency-Key": key})
    assert answer.status_code == 200, answer.text
    return answer.json()


def _hr_posts(hr: httpx.Client) -> list[dict[str, Any]]:
    answer = hr.get("/posts", params={"function": FUNCTION, "limit": 10_000})
    return list(answer.json()) if answer.status_code == 200 else []


def _function(workflow: httpx.Client, function: str) -> dict[str, Any]:
    entries = workflow.get("/progress/functions").json()["functions"]
    found = [entry for entry in entries if entry["function"] == function]
    return found[0] if found else {"posts": 0, "posts_moved": 0, "budget_moved": 0}
