"""What an operator watches, on Finance running in-process against the real broker:
`/health/live` and `/health/ready` (database, Kafka, schema, consumers) and `/metrics`."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from services.finance.app import FinanceSettings, create_app
from shared.events.topics import physical
from shared.kafka.consuming import consumers_using
from tests.support.databases import NewDatabase
from tests.support.events import Council, proposed, registered
from tests.support.in_process import serving, settings_for_test
from tests.support.topics import write
from tests.support.waiting import eventually_async, eventually_get_async

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]

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
    head = finance.app.state.runtime.schema_head
    assert answer["schema"] == {"revision": head, "head": head, "status": "at head"}
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
            head = finance.app.state.runtime.schema_head
            connection.execute(text(f"UPDATE alembic_version SET version_num = '{head}'"))
    assert (await client.get("/health/ready")).status_code == 200


async def scrape(client: httpx.AsyncClient) -> Samples:
    answer = await client.get("/metrics")
    assert answer.status_code == 200, answer.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, have), v in samples.items() if n == name and wanted <= have)


async def test_metrics_move_as_events_flow_a_poison_is_counted_and_lag_returns_to_zero(
    finance: RunningFinance,
) -> None:
    client, prefix = finance.client, finance.settings.topic_prefix
    await eventually_get_async(client, "/health/ready", ready)  # consumers hold partitions
    before = await scrape(client)
    post = str(10**7 + uuid.uuid4().int % 10**7)
    council = Council()
    flowing = [council.event(registered(post)), council.event(proposed(post, f"T-{post}"))]
    topic = physical("hr.posts", prefix)
    consumer = consumers_using(finance.app.state.runtime.engine)[0]

    # Held at its lock (as a redrive holds it), Finance reads nothing: the lag is what waits.
    async with consumer.lock:
        await write(
            finance.settings.kafka_bootstrap_servers,
            [*((topic, d["aggregate_id"], d) for d in flowing), (topic, post, b"{not json")],
        )
        waiting = await scrape(client)
        assert total(waiting, "onecouncil_consumer_lag", topic=topic) == 3

    def settled(now: Samples) -> bool:
        return (
            total(now, "onecouncil_consumer_lag") == 0
            and total(now, "onecouncil_events_applied_total") >= 2
            and total(now, "onecouncil_outbox_waiting") == 0
        )

    after = await eventually_async(lambda: scrape(client), settled, what="lag back to 0")
    opened = total(after, "onecouncil_dead_letters", status="open")
    assert opened == total(before, "onecouncil_dead_letters", status="open") + 1
    assert total(after, "onecouncil_events_applied_total", topic=topic) == 2
    assert total(after, "onecouncil_relay_publish_seconds_count") >= 1  # the budget check
    assert total(after, "onecouncil_outbox_oldest_waiting_seconds") == 0
    assert total(after, "onecouncil_consumer_assigned_partitions") > 0
    answered = {"route": "/health/ready", "method": "GET", "status": "200"}
    assert total(after, "onecouncil_http_requests_total", **answered) >= 1
    timed = {"route": "/metrics", "method": "GET"}
    assert total(after, "onecouncil_http_request_duration_seconds_count", **timed) >= 2
