"""HR and Finance as processes: Finance's budget verdict gates HR's approval, and an
effective transfer moves the budget to the central team, pro-rated."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.finance.domain.financial_year import pro_rate
from shared import demo
from tests.conftest import token_for
from tests.integration.finance.reading import events_of, types
from tests.support.answers import budget_verdict, registered
from tests.support.databases import NewDatabase
from tests.support.demo_posts import movable_demo_posts
from tests.support.services import ServiceProcess, start_services

pytestmark = pytest.mark.kafka
SEED = 2026
TODAY = "2026-10-01"


@pytest.fixture
def hr_and_finance(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> Iterator[dict[str, ServiceProcess]]:
    databases = {name: new_database(name) for name in ("hr", "finance")}
    extra = {
        "DEMO_SUPPORT_POSTS": "40",
        "DEMO_SEED": str(SEED),
        "CLOCK_TODAY": TODAY,
        "SCHEDULER_INTERVAL_S": "3600",
    }
    services = start_services(
        ["hr", "finance"], kafka_bootstrap, topic_prefix, databases, artifacts, extra
    )
    try:
        yield services
    finally:
        exit_codes = {name: service.stop() for name, service in services.items()}
        assert exit_codes == {"hr": 0, "finance": 0}, "clean shutdown on SIGTERM"


async def test_a_failed_check_leaves_hr_unable_to_approve_and_a_passed_one_moves_the_budget(
    hr_and_finance: dict[str, ServiceProcess], kafka_bootstrap: str, topic_prefix: str
) -> None:
    headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}
    hr = httpx.Client(base_url=hr_and_finance["hr"].url, headers=headers, timeout=10)
    posts = movable_demo_posts(SEED, 40)  # HR's demo leaves them alone: no transfer yet
    frozen = next(p for p in posts if p.cost_centre in demo.frozen_cost_centres(SEED))
    short = demo.frozen_cost_centres(SEED) | demo.under_funded_cost_centres(SEED)
    funded = next(p for p in posts if p.cost_centre not in short)
    blocked = _propose(hr, frozen.post_number)
    moving = _propose(hr, funded.post_number)

    assert budget_verdict(hr, frozen.post_number) == "failed"
    refusal = hr.post(f"/posts/{frozen.post_number}/transfer/approve")
    assert refusal.status_code == 409
    assert refusal.json()["detail"] == (
        f"cannot approve post {frozen.post_number}'s transfer: the budget check failed "
        f"(cost centre {frozen.cost_centre} is frozen)"
    )
    [verdict] = await events_of(
        kafka_bootstrap, f"{topic_prefix}finance.budgets", frozen.post_number, 1
    )
    assert verdict["value"]["payload"]["transfer_id"] == blocked

    assert budget_verdict(hr, funded.post_number) == "passed"
    assert hr.post(f"/posts/{funded.post_number}/transfer/approve").status_code == 200
    assert hr.post(f"/posts/{funded.post_number}/transfer/take-effect").status_code == 200
    on_topic = await events_of(
        kafka_bootstrap, f"{topic_prefix}finance.budgets", funded.post_number, 3
    )
    assert types(on_topic) == ["BudgetCheckPassed", "BudgetReserved", "BudgetMoved"]
    moved = on_topic[2]["value"]["payload"]
    assert moved["transfer_id"] == moving
    assert moved["from_cost_centre"] == funded.cost_centre
    assert moved["to_cost_centre"] == f"CEN-{funded.function}-01"
    assert moved["full_year_amount"] == funded.annual_cost
    assert moved["amount_this_year"] == pro_rate(funded.annual_cost, date.fromisoformat(TODAY))
    assert moved["financial_year"] == "2026/27"


def _propose(hr: httpx.Client, number: str) -> str:
    registered(hr, number)
    proposal = {"effective_date": TODAY, "reason": "One Council Support Functions"}
    answer = hr.post(f"/posts/{number}/transfer", json=proposal)
    assert answer.status_code == 201, answer.text
    steps: list[tuple[str, dict[str, Any]]] = [
        ("consultation/open", {"closes_by": TODAY}),
        ("consultation/close", {"outcome": "agreed"}),
    ]
    for step, body in steps:
        assert hr.post(f"/posts/{number}/transfer/{step}", json=body).status_code == 200
    return str(answer.json()["transfer_id"])
