"""A 120-post consultation exercise through to approval, HR, Finance and Workflow as
processes: the council's 30-day policy clock, questions answered, the close refused before
the clock ends, then every transfer approved in one bulk run. The auditor's replay of the
log the services wrote finds the exercise sound under a 30-day policy, and too short under
a 45-day one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app as audit
from shared import demo
from tests.conftest import token_for
from tests.support.answers import budget_verdict, registered
from tests.support.databases import NewDatabase
from tests.support.demo_posts import movable_demo_posts
from tests.support.services import ServiceProcess, start_services

pytestmark = pytest.mark.kafka
SEED, POSTS, CONSULTED = 2026, 600, 120
OPENED, TOO_SOON, AFTER_CLOCK = "2027-01-15", "2027-02-13", "2027-02-14"


@pytest.fixture
def services(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> Iterator[dict[str, ServiceProcess]]:
    names = ["hr", "finance", "workflow"]
    extra = {
        "DEMO_SUPPORT_POSTS": str(POSTS),
        "DEMO_SEED": str(SEED),
        "CLOCK_TODAY": OPENED,
        "SCHEDULER_INTERVAL_S": "3600",
        "CONSULTATION_MINIMUM_DAYS": "30",  # the council's policy: this test is about it
    }
    databases = {name: new_database(name) for name in names}
    started = start_services(names, kafka_bootstrap, topic_prefix, databases, artifacts, extra)
    try:
        yield started
    finally:
        for service in started.values():
            service.stop()


def _consulted_posts() -> list[str]:
    """Demo posts HR's demo leaves without a transfer, in cost centres that can fund a move."""
    short = demo.frozen_cost_centres(SEED) | demo.under_funded_cost_centres(SEED)
    eligible = [
        p.post_number for p in movable_demo_posts(SEED, POSTS) if p.cost_centre not in short
    ]
    assert len(eligible) >= CONSULTED, "the demo establishment has enough posts to consult"
    return eligible[:CONSULTED]


def _bulk(hr: httpx.Client, action: str, numbers: list[str], **fields: Any) -> dict[str, Any]:
    body = {"action": action, "post_numbers": numbers, **fields}
    answer = hr.post("/bulk/transfers", json=body, headers={"Idempotency-Key": f"cx-{action}"})
    assert answer.status_code == 200, answer.text
    report: dict[str, Any] = answer.json()
    return report


def _restart_on(service: ServiceProcess, today: str) -> None:
    """HR again, with its 'today' moved on: the same database, the same topics."""
    assert service.stop() == 0
    service.env["CLOCK_TODAY"] = today
    service.start()
    service.wait_healthy()


def _consultation_findings(
    bootstrap: str, prefix: str, folder: Path, minimum_days: int
) -> list[tuple[str, str]]:
    """The replay's consultation findings on the log as written, under a policy minimum."""
    out = folder / f"audit-{minimum_days}"
    arguments = ["replay", "--bootstrap", bootstrap, "--topic-prefix", prefix, "--out", str(out)]
    result = CliRunner().invoke(
        audit, [*arguments, "--consultation-minimum-days", str(minimum_days)]
    )
    assert result.exit_code in (0, 1), result.output
    report = json.loads((out / "report.json").read_text())
    return sorted((f["rule"], f["aggregate"]) for f in report["findings"] if "consult" in f["rule"])


def test_a_120_post_exercise_runs_its_clock_and_then_every_transfer_is_approved(
    services: dict[str, ServiceProcess], kafka_bootstrap: str, topic_prefix: str, artifacts: Path
) -> None:
    headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}
    hr = httpx.Client(base_url=services["hr"].url, headers=headers, timeout=120)
    numbers = _consulted_posts()
    registered(hr, numbers[-1])
    reason = "One Council Support Functions"
    proposed = _bulk(hr, "propose", numbers, effective_date="2027-06-01", reason=reason)
    assert proposed["totals"]["done"] == CONSULTED, proposed["totals"]
    assert {budget_verdict(hr, n) for n in numbers} == {"passed"}

    opening = {
        "purpose": "Move support posts into their central teams",
        "post_numbers": numbers,
        "proposed_close": AFTER_CLOCK,
        "representatives": ["UNISON", "GMB"],
    }
    opened = hr.post("/consultation-exercises", json=opening)
    assert opened.status_code == 201, opened.text
    exercise = opened.json()
    url = f"/consultation-exercises/{exercise['exercise_id']}"
    assert exercise["clock"]["earliest_close"] == AFTER_CLOCK
    assert exercise["clock"]["rule"] == "the council's consultation policy"
    question = {"asked_by": "representative of UNISON", "question": "Will anyone's grade change?"}
    asked = hr.post(f"{url}/questions", json=question).json()["questions"][0]["question_id"]
    answer = {"answer": "No: posts move with their grades and terms."}
    assert hr.post(f"{url}/questions/{asked}/answer", json=answer).status_code == 200
    assert hr.get(f"/posts/{numbers[0]}/transfer").json()["stage"] == "in_consultation"

    _restart_on(services["hr"], TOO_SOON)
    early = hr.post(f"{url}/close", json={"outcome": "agreed"})
    assert early.status_code == 409
    assert "may close on or after 14 February 2027" in early.json()["detail"]
    assert hr.get(url).json()["clock"]["days_left"] == 1

    _restart_on(services["hr"], AFTER_CLOCK)
    closed = hr.post(f"{url}/close", json={"outcome": "agreed", "notes": "Staff content"})
    assert closed.status_code == 200, closed.text
    approved = _bulk(hr, "approve", numbers)
    assert approved["totals"]["done"] == CONSULTED, approved["rows"][:3]
    stages = {hr.get(f"/posts/{n}/transfer").json()["stage"] for n in numbers}
    assert stages == {"approved"}

    exercise_aggregate = f"exercise/{exercise['exercise_id']}"
    assert _consultation_findings(kafka_bootstrap, topic_prefix, artifacts, 30) == []
    too_short = _consultation_findings(kafka_bootstrap, topic_prefix, artifacts, 45)
    assert ("consultation_shorter_than_required", exercise_aggregate) in too_short
