"""A service started in this process (its FastAPI app and lifespan) against the real Kafka:
the settings tests give it, and a client signed in as one of its users."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeVar

import httpx
from fastapi import FastAPI

from shared.auth import Role, mint_token
from shared.config import ServiceSettings
from tests.support.services import JWT_SECRET

Settings = TypeVar("Settings", bound=ServiceSettings)


def new_topic_prefix() -> str:
    """A prefix that gives a test topics (and consumer groups) nobody else uses."""
    return f"t{uuid.uuid4().hex[:10]}."


def settings_for_test(
    kind: type[Settings], bootstrap: str, database_url: str, **overrides: object
) -> Settings:
    """A service's settings under test: topics of its own (two partitions), a quick relay,
    the test secret; nothing read from this process's environment."""
    values: dict[str, object] = {
        "kafka_bootstrap_servers": bootstrap,
        "topic_prefix": new_topic_prefix(),
        "topic_partitions": 2,
        "database_url": database_url,
        "jwt_secret": JWT_SECRET,
        "onecouncil_env": "local",
        "relay_interval_ms": 20,
    }
    if "consultation_minimum_days" in kind.model_fields:
        # A policy choice for tests not about the consultation clock (they open and close
        # consultations the same day); clock tests pass consultation_minimum_days=30.
        values["consultation_minimum_days"] = 0
    if "approval_separation_of_duties" in kind.model_fields:
        # Likewise the approval policy: one officer proposes and approves, at any cost.
        values.update(
            approval_separation_of_duties=False,
            approval_senior_above=0,
            approval_bulk_senior_above=0,
        )
    return kind.model_validate({**values, **overrides})


@asynccontextmanager
async def serving(
    app: FastAPI, name: str, role: Role, user_id: str, timeout: float = 30
) -> AsyncIterator[httpx.AsyncClient]:
    """Bring its database to the head revision, run the app's lifespan; yield a client of
    it signed in as `role`."""
    await upgrade_database_of(app)
    headers = {"Authorization": f"Bearer {mint_token(JWT_SECRET, user_id, role, None)}"}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url=f"http://{name}", headers=headers, timeout=timeout
        ) as client:
            yield client


async def upgrade_database_of(app: FastAPI) -> None:
    """What an operator runs before starting a service (`onecouncil db upgrade`): its
    database to the head revision; nothing for an app without one (the console)."""
    runtime = getattr(app.state, "runtime", None)
    if runtime is not None:
        await asyncio.to_thread(runtime.schema.upgrade, runtime.engine)
