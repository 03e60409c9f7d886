"""HR in-process against the real Kafka and a real database: the app, a client, its topics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from services.hr.adapters.tables import messaging, metadata
from services.hr.app import HrSettings, create_app
from services.hr.entrypoints.context import Hr
from shared.persistence.engine import make_engine
from tests.conftest import token_for
from tests.support.databases import NewDatabase
from tests.support.in_process import serving, settings_for_test
from tests.support.outbox import business_rows

TODAY = date(2027, 1, 15)


@dataclass
class RunningHr:
    """The HR app started in this process, a client signed in as HR staff, and its prefix."""

    app: FastAPI
    client: httpx.AsyncClient
    prefix: str
    bootstrap: str
    database_url: str

    @property
    def hr(self) -> Hr:
        hr: Hr = self.app.state.hr
        return hr

    def outbox_rows(self) -> int:
        """Rows HR has put in its outbox for the council's business (not keys, checkpoints)."""
        return business_rows(self.hr.runtime.engine, messaging.outbox)

    def as_role(self, role: str, department: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(role, department)}"}  # type: ignore[arg-type]


StartHr = Callable[..., AbstractAsyncContextManager[RunningHr]]


@pytest.fixture
def start_hr(kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str) -> StartHr:
    """Start HR in this process: a fixed 'today', a fast scheduler, settings overridable."""

    @asynccontextmanager
    async def start(**overrides: object) -> AsyncIterator[RunningHr]:
        database_url = new_database("hr")
        values = {
            "topic_prefix": topic_prefix,
            "scheduler_interval_s": 0.2,
            "clock_today": TODAY,
            "topic_partitions": 3,
            **overrides,
        }
        settings = settings_for_test(HrSettings, kafka_bootstrap, database_url, **values)
        app = create_app(settings)
        async with serving(app, "hr", "hr_staff", "hr-officer-1", timeout=120) as client:
            yield RunningHr(app, client, topic_prefix, kafka_bootstrap, database_url)

    return start


@pytest.fixture
async def running_hr(start_hr: StartHr) -> AsyncIterator[RunningHr]:
    async with start_hr() as running:
        yield running


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hr_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """HR's tables on a SQLite file, then on PostgreSQL (marked `postgres`)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/hr.db"
    else:
        url = request.getfixturevalue("new_database")("hr")
    engine = make_engine(url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()
