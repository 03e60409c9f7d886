"""A service process exits on SIGTERM even when its Kafka client would wait for ever."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData

from shared import runtime
from shared.config import ServiceSettings
from shared.persistence.tables import messaging_tables


class CoordinatorGone:
    """A broker whose stop waits for a group coordinator that never answers."""

    stopped = False

    async def stop(self) -> None:
        await asyncio.Event().wait()


async def test_a_broker_that_never_stops_does_not_hold_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime, "STOP_GRACE_S", 0.05)
    metadata = MetaData()
    settings = ServiceSettings(database_url=f"sqlite:///{tmp_path}/stop.db")
    service = runtime.ServiceRuntime(
        "hr", settings, metadata, messaging_tables(metadata), migrations=tmp_path
    )
    stuck: Any = CoordinatorGone()
    service.broker = stuck
    await asyncio.wait_for(service.stop(), timeout=5)
