"""`onecouncil watch` against running HR and Workflow processes: a lead sees their
department's changes as JSON lines and readable lines, and nothing is lost or repeated
when Workflow crashes and comes back (the CLI reconnects with Last-Event-ID)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import token_for
from tests.support.databases import NewDatabase
from tests.support.services import ROOT, start_services

pytestmark = pytest.mark.kafka


class Watch:
    """`onecouncil watch ...` as a process; its stdout lines arrive on a queue."""

    def __init__(self, url: str, options: list[str], log: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1",
               "ONECOUNCIL_TOKEN": token_for("department_lead", "CS", "lead-cs")}  # fmt: skip
        command = [sys.executable, "-m", "services.cli", "watch", "--url", url, *options]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log.open("ab"), text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_lines(self, count: int) -> list[str]:
        return [self.lines.get(timeout=30) for _ in range(count)]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def register(hr: httpx.Client, post: str, department: str) -> None:
    answer = hr.post("/posts", json={
        "post_number": post, "title": "Finance Officer", "grade": "Grade 7", "fte": 1.0,
        "function": "FIN", "department": department, "cost_centre": f"{department}-FIN-01",
        "annual_cost": 41_000, "employee_ref": None,
    })  # fmt: skip
    assert answer.status_code == 201, answer.text


def test_a_lead_watches_their_department_live_through_a_workflow_restart(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> None:
    databases = {name: new_database(name) for name in ("hr", "workflow")}
    services = start_services(
        ["hr", "workflow"], kafka_bootstrap, topic_prefix, databases, artifacts,
        {"FEED_POLL_S": "0.2", "FEED_HEARTBEAT_S": "1"},
    )  # fmt: skip
    workflow = services["workflow"]
    hr = httpx.Client(
        base_url=services["hr"].url,
        headers={"Authorization": f"Bearer {token_for('hr_staff')}"},
        timeout=10,
    )
    department = ["--department", "Children's Services", "--since", "0"]
    as_json = Watch(workflow.url, [*department, "--json"], artifacts / "watch.log")
    readable: Watch | None = None
    try:
        register(hr, "70001", "CS")
        register(hr, "70002", "PLACE")
        proposal = {"target_team": "FIN", "effective_date": "2027-04-01", "reason": "centralise"}
        assert hr.post("/posts/70001/transfers", json=proposal).status_code == 201
        first = [json.loads(line) for line in as_json.next_lines(2)]
        assert [(n["event_type"], n["aggregate_id"]) for n in first] == [
            ("PostRegistered", "70001"),
            ("TransferProposed", "70001"),
        ]

        workflow.kill()  # the stream drops mid-flight
        workflow.start()
        workflow.wait_healthy()
        register(hr, "70003", "CS")
        after: list[dict[str, Any]] = [json.loads(line) for line in as_json.next_lines(1)]
        assert [(n["event_type"], n["aggregate_id"]) for n in after] == [
            ("PostRegistered", "70003")  # PLACE's 70002 came between: never shown; no repeats
        ]
        assert [n["feed_id"] for n in first + after] == sorted(
            {n["feed_id"] for n in first + after}
        )

        readable = Watch(workflow.url, department, artifacts / "watch-readable.log")
        lines = readable.next_lines(3)
        assert lines[0].split()[2:5] == ["PostRegistered", "post", "70001"]
        assert "transfer to FIN proposed, effective 2027-04-01" in lines[1]
        assert "registered in CS" in lines[2] and "70003" in lines[2]
    finally:
        for watch in (as_json, readable):
            if watch is not None:
                watch.stop()
        hr.close()
        for service in services.values():
            service.stop()
