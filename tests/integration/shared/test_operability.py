"""What an operator watches, on Finance running in-process against the real broker:
`/health/live` and `/health/ready` (database, Kafka, schema, consumers) and `/metrics`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import text

from services.finance.app import FinanceSettings, create_app
from tests.support.databases import NewDatabase
from tests.support.in_process import serving, settings_for_test
from tests.support.waiting import eventually_get_async

pytestmark = pytest.mark.kafka


@dataclass
class RunningFinance:
    client: httpx.AsyncClient
    app: FastAPI
    settings: FinanceSettings


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def finance(kafka_bootstrap: str, new_database: NewDatabase) -> AsyncIterator[RunningFinance]:
    """Finance with empty books."""
    settings = settings_for_test(FinanceSettings, kafka_bootstrap, new_database("finance"))
    app = create_app(settings)
    async with serving(app, "finance", "finance_staff", "fin-officer-1") as client:
        yield RunningFinance(client, app, settings)


def ready(response: httpx.Response) -> bool:
    return response.status_code == 200


async def test_live_answers_while_the_process_runs_and_ready_once_every_check_passes(
    finance: RunningFinance,
) -> None:
    live = await finance.client.get("/health/live", headers={"Authorization": ""})
    assert (live.status_code, live.json()) == (200, {"service": "finance", "status": "alive"})

    answer = (await eventually_get_async(finance.client, "/health/ready", ready)).json()
    assert answer["status"] == "ready"
    assert (answer["database"], answer["kafka"]) == ("connected", "connected")
    assert answer["schema"] == {"revision": "0001", "head": "0001", "status": "at head"}
    groups = answer["consumers"]
    assert len(groups) == 1
    assert all(g["status"] == "assigned" and g["partitions"] > 0 for g in groups.values())


async def test_ready_fails_saying_why_while_the_schema_is_not_at_head_and_health_stays_ok(
    finance: RunningFinance,
) -> None:
    client = finance.client
    await eventually_get_async(client, "/health/ready", ready)
    engine = finance.app.state.runtime.engine
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    try:
        refused = await client.get("/health/ready")
        assert refused.status_code == 503
        assert refused.json()["status"] == "not ready"
        assert refused.json()["schema"]["status"] == "not at head: run `onecouncil db upgrade`"
        assert (await client.get("/health")).status_code == 200  # as before: Kafka and DB
    finally:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert (await client.get("/health/ready")).status_code == 200
