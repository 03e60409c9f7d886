"""Finance started in-process (FastAPI app + lifespan) against the real Kafka, once per module."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio

from services.finance.app import FinanceSettings, create_app
from shared.events.base import EventPayload
from shared.events.topics import physical
from tests.support.databases import NewDatabase
from tests.support.envelopes import StreamWriter
from tests.support.in_process import serving, settings_for_test
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
    values = {"demo_support_posts": 0, **extra}
    return settings_for_test(FinanceSettings, bootstrap, database_url, **values)


async def running(settings: FinanceSettings) -> AsyncIterator[RunningFinance]:
    app = create_app(settings)
    async with serving(app, "finance", "finance_staff", "fin-officer-1") as client:
        yield RunningFinance(
            client, settings.kafka_bootstrap_servers, settings.topic_prefix, StreamWriter("hr")
        )


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def finance(kafka_bootstrap: str, new_database: NewDatabase) -> AsyncIterator[RunningFinance]:
    """Finance with empty books (tests load what they need through the API)."""
    async for service in running(finance_settings(kafka_bootstrap, new_database("finance"))):
        yield service
