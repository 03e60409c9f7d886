"""HR and Finance as processes: a proposal made in HR's API gets Finance's budget verdict."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from shared import demo
from tests.conftest import token_for
from tests.integration.finance.reading import events_of
from tests.support.databases import NewDatabase
from tests.support.services import start_services

pytestmark = pytest.mark.kafka
SEED = 2026


async def test_a_proposal_in_a_frozen_cost_centre_fails_its_budget_check_with_the_reason(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> None:
    databases = {name: new_database(name) for name in ("hr", "finance")}
    extra = {"DEMO_SUPPORT_POSTS": "40", "DEMO_SEED": str(SEED)}
    services = start_services(
        ["hr", "finance"], kafka_bootstrap, topic_prefix, databases, artifacts, extra
    )
    try:
        frozen = sorted(demo.frozen_cost_centres(SEED))[0]
        department, function, _ = frozen.split("-")
        headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}
        hr = httpx.Client(base_url=services["hr"].url, headers=headers, timeout=10)
        post = {
            "post_number": "90417",
            "title": "Support Officer",
            "grade": "Grade 6",
            "fte": 1.0,
            "function": function,
            "department": department,
            "cost_centre": frozen,
            "annual_cost": 33_000,
        }
        assert hr.post("/posts", json=post).status_code == 201
        proposal = {
            "target_team": function,
            "effective_date": "2027-01-04",
            "reason": "One Council Support Functions",
        }
        answer = hr.post("/posts/90417/transfers", json=proposal)
        assert answer.status_code == 201, answer.text

        [verdict] = await events_of(kafka_bootstrap, f"{topic_prefix}finance.budgets", "90417", 1)
        assert verdict["value"]["event_type"] == "BudgetCheckFailed"
        assert verdict["value"]["payload"]["reason"] == f"cost centre {frozen} is frozen"
        assert verdict["value"]["payload"]["transfer_id"] == answer.json()["transfer_id"]
        assert verdict["value"]["department"] == department
    finally:
        exit_codes = {name: service.stop() for name, service in services.items()}
    assert exit_codes == {"hr": 0, "finance": 0}, "clean shutdown on SIGTERM"
