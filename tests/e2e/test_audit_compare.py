"""The auditor's replay agrees with the live Workflow tracker (`--compare`), process to process."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app
from tests.conftest import token_for
from tests.integration.audit.kafka_history import write_history
from tests.support.answers import journey_at_stage
from tests.support.databases import NewDatabase
from tests.support.services import start_services
from tests.unit.audit.scenario import clean_history

pytestmark = pytest.mark.kafka


def test_the_replayed_stages_match_the_workflow_tracker_post_for_post(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> None:
    write_history(kafka_bootstrap, topic_prefix, clean_history().messages)
    services = start_services(
        ["workflow"], kafka_bootstrap, topic_prefix, {"workflow": new_database("workflow")},
        artifacts,
    )  # fmt: skip
    try:
        url, token = services["workflow"].url, token_for("auditor", user_id="auditor-1")
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, headers=headers, timeout=5) as workflow:
            journey_at_stage(workflow, "20004", "in_consultation")
            journey_at_stage(workflow, "20002", "effective")
        result = CliRunner().invoke(
            app,
            [
                "replay", "--bootstrap", kafka_bootstrap, "--topic-prefix", topic_prefix,
                "--out", str(artifacts), "--compare", url, "--token", token,
            ],
        )  # fmt: skip
    finally:
        services["workflow"].stop()
    assert result.exit_code == 0, result.output
    assert "Live tracker comparison: 0 difference(s) over 5 posts" in result.output
    report = json.loads((artifacts / "report.json").read_text())
    assert report["comparison"] == {"posts_compared": 5, "differences": []}
