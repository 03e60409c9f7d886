"""Test helpers for HR: play Finance's part on `finance.budgets`, and audit `hr.posts`."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app as audit_cli
from services.hr.adapters.personal_keys import KeyRing
from services.hr.entrypoints.context import Hr
from shared.demo.establishment import generate_posts
from shared.events.envelope import hash_is_valid
from shared.events.finance import BudgetCheckFailed, BudgetCheckPassed
from tests.support.envelopes import StreamWriter
from tests.support.topics import read_topic, write
from tests.support.waiting import eventually_get_async

CSV_COLUMNS = (
    "post_number",
    "title",
    "grade",
    "fte",
    "function",
    "department",
    "cost_centre",
    "annual_cost",
    "employee_ref",
)


def establishment_csv(count: int) -> str:
    """The demo establishment's first `count` posts as the CSV HR staff load."""
    lines = [",".join(CSV_COLUMNS)]
    for post in generate_posts(2026, count):
        lines.append(",".join(str(getattr(post, name) or "") for name in CSV_COLUMNS))
    return "\n".join(lines) + "\n"


async def publish_budget_verdict(
    bootstrap: str,
    prefix: str,
    post_number: str,
    transfer_id: str,
    passed: bool,
    reason: str = "",
) -> None:
    """Write Finance's verdict to `finance.budgets`, sealed as Finance would."""
    payload = (
        BudgetCheckPassed(
            post_number=post_number,
            transfer_id=transfer_id,
            cost_centre="CS-FIN-01",
            annual_cost=41_000,
            headroom=10_000,
        )
        if passed
        else BudgetCheckFailed(
            post_number=post_number,
            transfer_id=transfer_id,
            cost_centre="CS-FIN-01",
            reason_code="cost_centre_frozen",
            reason=reason,
        )
    )
    document = StreamWriter("finance").document(payload, department="CS", actor_role="system")
    await write(bootstrap, [(f"{prefix}finance.budgets", post_number, document)])


async def wait_for(client: httpx.AsyncClient, path: str, field: str, value: Any) -> Any:
    """Poll a GET until `field` has `value` (the consumer or scheduler works on its own time)."""
    response = await eventually_get_async(client, path, lambda r: r.json().get(field) == value)
    return response.json()


async def post_streams(
    bootstrap: str, topic: str, at_least: int
) -> dict[str, list[dict[str, Any]]]:
    """Each post's events as on the topic, deduplicated by event id, in topic order."""
    messages = await read_topic(bootstrap, topic, at_least=at_least, timeout=60)
    streams: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[str] = set()
    for message in messages:
        event = message["value"]
        assert message["key"] == event["aggregate_id"], "keyed by post number"
        if event["event_id"] not in seen:
            seen.add(event["event_id"])
            streams[event["aggregate_id"]].append(event)
    return streams


def assert_stream_is_whole(events: list[dict[str, Any]]) -> None:
    """Sequences 1..n with no gap, every hash valid, each prev_hash the one before."""
    assert [e["sequence"] for e in events] == list(range(1, len(events) + 1))
    previous = None
    for event in events:
        assert hash_is_valid(event), f"event {event['event_id']} was altered"
        assert event["prev_hash"] == previous
        previous = event["hash"]


def audit_report(bootstrap: str, prefix: str, out: Path, *options: str) -> dict[str, Any]:
    """`onecouncil audit replay` over the test's topics, which must find something: its report."""
    arguments = ["replay", "--bootstrap", bootstrap, "--topic-prefix", prefix, "--out", str(out)]
    result = CliRunner().invoke(audit_cli, [*arguments, *options])
    assert result.exit_code == 1, result.output
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    return report


def replayed_org_chart(bootstrap: str, prefix: str, as_of: str, out: Path) -> dict[str, Any]:
    """`onecouncil audit replay --org-chart --as-of` over the test's topics: its chart."""
    arguments = ["replay", "--bootstrap", bootstrap, "--topic-prefix", prefix]
    arguments += ["--out", str(out), "--org-chart", "--as-of", as_of]
    result = CliRunner().invoke(audit_cli, arguments)
    # 1: findings, which HR's test clock (today is 15 January 2027) makes on purpose.
    assert result.exit_code in (0, 1), result.output
    assert "Org chart as at" in result.output
    chart: dict[str, Any] = json.loads((out / "org-chart.json").read_text())
    return chart


def opened(hr: Hr, value: Any) -> Any:
    """A field of an event on the log as HR reads it: a sealed one opened with its key."""
    if not isinstance(value, str) or not value.startswith("sealed:"):
        return value
    with hr.runtime.engine.connect() as connection:
        return KeyRing(connection, hr.master_key).open(value)
