"""The thin slice, end to end: HR API → Kafka → Workflow tracker → Workflow API."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.conftest import token_for
from tests.support.answers import journey_at_stage
from tests.support.databases import NewDatabase
from tests.support.posts import a_post
from tests.support.services import start_services
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka


async def test_a_proposed_transfer_reaches_the_workflow_tracker(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> None:
    databases = {name: new_database(name) for name in ("hr", "finance", "workflow")}
    services = start_services(
        ["hr", "finance", "workflow"], kafka_bootstrap, topic_prefix, databases, artifacts
    )
    try:
        headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}
        hr = httpx.Client(base_url=services["hr"].url, headers=headers, timeout=10)
        assert hr.post("/posts", json=a_post("10423")).status_code == 201
        proposal = {
            "target_team": "Central Finance",
            "effective_date": "2027-04-01",
            "reason": "One Council Support Functions",
        }
        answer = hr.post("/posts/10423/transfers", json=proposal)
        assert answer.status_code == 201, answer.text
        transfer_id = answer.json()["transfer_id"]

        on_topic = await read_topic(kafka_bootstrap, f"{topic_prefix}hr.posts", at_least=2)
        assert [m["value"]["event_type"] for m in on_topic] == [
            "PostRegistered",
            "TransferProposed",
        ]
        assert [m["value"]["sequence"] for m in on_topic] == [1, 2]
        assert on_topic[1]["value"]["prev_hash"] == on_topic[0]["value"]["hash"]
        assert {m["key"] for m in on_topic} == {"10423"}

        workflow = httpx.Client(base_url=services["workflow"].url, headers=headers, timeout=5)
        journey = journey_at_stage(workflow, "10423", "proposed")
        assert journey["transfer_id"] == transfer_id
        assert journey["department"] == "CS"
    finally:
        exit_codes = {name: service.stop() for name, service in services.items()}
    assert exit_codes == {"hr": 0, "finance": 0, "workflow": 0}, "clean shutdown on SIGTERM"
