"""Workflow started in-process (FastAPI app + lifespan) against the real Kafka, with a fake
clock; tests write HR and Finance events straight to the topics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest_asyncio

from services.workflow.app import WorkflowSettings, create_app
from shared.events import topics
from shared.events.redesign import REDESIGN_TOPIC_OF_PRODUCER
from tests.support.databases import NewDatabase
from tests.support.events import Council, Document
from tests.support.in_process import serving, settings_for_test
from tests.support.topics import write
from tests.support.waiting import eventually_async, eventually_get_async

TOPIC_OF_STREAM = {
    "post": topics.HR_POSTS,
    "post_budget": topics.FINANCE_BUDGETS,
    "team_savings": topics.FINANCE_SAVINGS,
    "programme_savings": topics.FINANCE_SAVINGS,
    "exercise": topics.HR_CONSULTATIONS,
}


@dataclass
class FakeClock:
    """The service's idea of now; tests move it forward."""

    now: datetime = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class RunningWorkflow:
    """The app's HTTP client, its topics' prefix, its clock, and writers of others' events."""

    app: Any
    client: httpx.AsyncClient
    bootstrap: str
    prefix: str
    clock: FakeClock
    council: Council = field(default_factory=Council)

    def topic(self, logical: str) -> str:
        return self.prefix + logical

    async def send(self, documents: list[Document], twice: bool = False) -> None:
        """Write documents to the topics their producers use; `twice` redelivers each."""
        await send(self.bootstrap, self.prefix, documents, twice)

    @property
    def stall_checks(self) -> int:
        """How many times the stall watch has looked so far."""
        return int(self.app.state.stall_watch.checks)

    async def until_stall_checks(self, at_least: int) -> None:
        async def checks() -> int:
            return self.stall_checks

        await eventually_async(checks, lambda done: done >= at_least, what="stall checks")

    async def until(
        self, path: str, ready: Callable[[httpx.Response], bool], token: str | None = None,
        timeout: float = 30,
    ) -> Any:  # fmt: skip
        """GET `path` until `ready(response)`; return its JSON."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await eventually_get_async(
            self.client, path, ready, headers=headers, timeout=timeout
        )
        return response.json()


async def send(bootstrap: str, prefix: str, documents: list[Document], twice: bool = False) -> None:
    """Write documents to the topics their producers use; `twice` redelivers each."""
    messages = []
    for document in documents:
        stream, producer = document["aggregate_type"], document["producer"]
        logical = TOPIC_OF_STREAM.get(stream) or REDESIGN_TOPIC_OF_PRODUCER[producer]
        messages += [(prefix + logical, document["aggregate_id"], document)] * (1 + twice)
    await write(bootstrap, messages)


def workflow_settings(bootstrap: str, database_url: str, **extra: Any) -> WorkflowSettings:
    values = {"stall_check_interval_s": 0.1, **extra}
    return settings_for_test(WorkflowSettings, bootstrap, database_url, **values)


async def running(settings: WorkflowSettings, clock: FakeClock) -> AsyncIterator[RunningWorkflow]:
    app = create_app(settings, clock)
    async with serving(app, "workflow", "auditor", "auditor-1") as client:
        yield RunningWorkflow(
            app, client, settings.kafka_bootstrap_servers, settings.topic_prefix, clock
        )


@pytest_asyncio.fixture(loop_scope="session")
async def workflow(
    kafka_bootstrap: str, new_database: NewDatabase
) -> AsyncIterator[RunningWorkflow]:
    """A fresh Workflow service: its own database and topics, clock at 1 June 2026."""
    settings = workflow_settings(kafka_bootstrap, new_database("workflow"))
    async for service in running(settings, FakeClock()):
        yield service
