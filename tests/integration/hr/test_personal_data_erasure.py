"""Subject access and erasure, with HR on the real broker: the log holds an employee's data
only sealed; HR staff can open it; after an erasure the log's events are still there and
still verify, their personal fields can no longer be opened, HR's tables hold nothing of
the person, and the audit replay finds exactly what it found before."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app as audit
from services.hr.adapters.tables import metadata
from shared.events.personal import is_sealed, key_id_of
from shared.events.topics import EVENT_TOPICS, physical
from shared.kafka.provisioning import ensure_topics
from tests.integration.hr.conftest import RunningHr
from tests.integration.hr.support import assert_stream_is_whole, opened
from tests.support.posts import a_post
from tests.support.topics import read_until

REASON = "Centralise finance support in Central Finance"
LEFT = "Left the council at the end of March"


def _replay(bootstrap: str, prefix: str, out: Path) -> dict[str, Any]:
    arguments = ["replay", "--bootstrap", bootstrap, "--topic-prefix", prefix, "--out", str(out)]
    result = CliRunner().invoke(audit, arguments)
    assert result.exit_code in (0, 1), result.output  # 1: findings HR's test clock makes
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    return report


def _rules(report: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return sorted((f["kind"], f["rule"], f["aggregate"]) for f in report["findings"])


def _everything_in(running_hr: RunningHr) -> str:
    """Every row of every one of HR's tables, as text (the outbox holds the log's bytes)."""
    with running_hr.hr.runtime.engine.connect() as connection:
        return "\n".join(
            str(list(connection.execute(select(table)))) for table in metadata.sorted_tables
        )


async def _stream(running_hr: RunningHr, last: str) -> list[dict[str, Any]]:
    def arrived(messages: list[dict[str, Any]]) -> bool:
        return any(m["value"]["event_type"] == last for m in messages)

    topic = f"{running_hr.prefix}hr.posts"
    messages = await read_until(running_hr.bootstrap, topic, arrived)
    return [m["value"] for m in messages if m["key"] == "71001"]


async def test_an_erased_employee_stays_on_the_log_unreadable_and_the_replay_is_unchanged(
    running_hr: RunningHr, tmp_path: Path
) -> None:
    hr, bootstrap, prefix = running_hr.client, running_hr.bootstrap, running_hr.prefix
    await ensure_topics(bootstrap, [physical(t, prefix) for t in EVENT_TOPICS], 3)
    assert (await hr.post("/posts", json=a_post("71001"))).status_code == 201
    proposal = {"effective_date": "2027-04-01", "reason": REASON}
    assert (await hr.post("/posts/71001/transfer", json=proposal)).status_code == 201
    leaver = {"vacant": True, "reason": LEFT}
    assert (await hr.patch("/posts/71001", json=leaver)).status_code == 200

    on_the_log = await _stream(running_hr, "PostUpdated")
    registered = on_the_log[0]["payload"]
    assert is_sealed(registered["employee_ref"]) and is_sealed(on_the_log[1]["payload"]["reason"])
    assert "E71001" not in json.dumps(on_the_log) and REASON not in json.dumps(on_the_log)

    lead = running_hr.as_role("department_lead", "CS")
    assert (await hr.get("/employees/E71001/personal-data", headers=lead)).status_code == 403
    access = (await hr.get("/employees/E71001/personal-data")).json()
    assert access["details"] == {"name": "Jo Bloggs", "email": "jo@example.org"}
    assert access["posts_held"] == [] and access["left_on"] is None
    opened_fields = [event["fields"] for event in access["on_the_log"]]
    assert opened_fields == [{"employee_ref": "E71001"}, {"reason": REASON}, {"reason": LEFT}]

    before = await asyncio.to_thread(_replay, bootstrap, prefix, tmp_path / "before")
    erased = await hr.post("/employees/E71001/erasure", json={"request_reference": "DPR-14"})
    assert erased.status_code == 200, erased.text
    assert erased.json()["posts"] == ["71001"]
    assert erased.json()["key_id"] == key_id_of(registered["employee_ref"])

    stream = await _stream(running_hr, "EmployeeDataErased")
    assert_stream_is_whole(stream)  # every hash still verifies, nothing rewritten
    assert stream[-1]["payload"]["key_id"] == erased.json()["key_id"]
    assert opened(running_hr.hr, registered["employee_ref"]) is None
    held = _everything_in(running_hr)
    assert all(text not in held for text in ("E71001", "Jo Bloggs", "jo@example.org", REASON))
    gone = await hr.get("/employees/E71001/personal-data")
    assert gone.status_code == 404 and "no personal data" in gone.json()["detail"]

    after = await asyncio.to_thread(_replay, bootstrap, prefix, tmp_path / "after")
    assert [f for f in after["findings"] if f["kind"] in ("integrity", "unreadable")] == []
    assert _rules(after) == _rules(before)  # the controls found the same, no more


async def test_someone_who_holds_a_post_cannot_be_erased(running_hr: RunningHr) -> None:
    hr = running_hr.client
    assert (await hr.post("/posts", json=a_post("71002"))).status_code == 201
    refused = await hr.post("/employees/E71002/erasure", json={"request_reference": "DPR-15"})
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("employee E71002 holds post 71002 now")
    assert (await hr.get("/employees/E71002/personal-data")).json()["posts_held"] == ["71002"]
