"""Finance started in-process (FastAPI app + lifespan) against the real Kafka, once per module."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio

from services.finance.app import FinanceSettings, create_app
from shared.events.base import EventPayload
from shared.events.topics import physical
from tests.conftest import token_for
from tests.support.databases import NewDatabase
from tests.support.envelopes import StreamWriter
from tests.support.services import JWT_SECRET
from tests.support.topics import write


@dataclass
class RunningFinance:
    """The app's HTTP client, its topics' prefix and a writer of HR events."""

    client: httpx.AsyncClient
    bootstrap: str
    prefix: str
    hr: StreamWriter

    def topic(self, logical: str) -> str:
        return physical(logical, self.prefix)

    async def send(self, *payloads: EventPayload, twice: bool = False) -> list[dict[str, Any]]:
        """Write HR events for their posts; `twice` writes each one two times (redelivery)."""
        documents = [self.hr.document(payload, department="CS") for payload in payloads]
        copies = range(1 + twice)
        topic = self.topic("hr.posts")
        await write(
            self.bootstrap, [(topic, d["aggregate_id"], d) for d in documents for _ in copies]
        )
        return documents


def finance_settings(bootstrap: str, database_url: str, **extra: object) -> FinanceSettings:
    values: dict[str, object] = {
        "kafka_bootstrap_servers": bootstrap,
        "topic_prefix": f"t{uuid.uuid4().hex[:10]}.",
        "topic_partitions": 2,
        "database_url": database_url,
        "jwt_secret": JWT_SECRET,
        "demo_support_posts": 0,
        "relay_interval_ms": 20,
    }
    return FinanceSettings.model_validate({**values, **extra})


async def running(settings: FinanceSettings) -> AsyncIterator[RunningFinance]:
    app = create_app(settings)
    headers = {"Authorization": f"Bearer {token_for('finance_staff', user_id='fin-officer-1')}"}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://finance", headers=headers
        ) as client:
            yield RunningFinance(
                client, settings.kafka_bootstrap_servers, settings.topic_prefix, StreamWriter("hr")
            )


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def finance(kafka_bootstrap: str, new_database: NewDatabase) -> AsyncIterator[RunningFinance]:
    """Finance with empty books (tests load what they need through the API)."""
    async for service in running(finance_settings(kafka_bootstrap, new_database("finance"))):
        yield service
