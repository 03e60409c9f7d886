"""The three services as real processes on topics and databases of their own, and helpers
to write raw messages, wait for an outcome and ask each service as a given role."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
from aiokafka import AIOKafkaProducer

from shared.auth import Role
from shared.kafka.security import client_options
from tests.conftest import token_for
from tests.support.databases import NewDatabase
from tests.support.services import ServiceProcess, start_services
from tests.support.waiting import eventually

T = TypeVar("T")
SERVICES = ["hr", "finance", "workflow"]
TODAY = "2026-10-01"


@dataclass
class Stack:
    """hr, finance and workflow running against one broker with one topic prefix."""

    bootstrap: str
    prefix: str
    databases: dict[str, str]
    log_dir: Path
    extra: dict[str, str] = field(default_factory=dict)
    services: dict[str, ServiceProcess] = field(default_factory=dict)

    def start(self) -> Stack:
        self.services = start_services(
            SERVICES, self.bootstrap, self.prefix, self.databases, self.log_dir, self.extra
        )
        return self

    def stop(self) -> dict[str, int]:
        return {name: service.stop() for name, service in self.services.items()}

    def topic(self, logical: str) -> str:
        return self.prefix + logical

    def client(self, service: str, role: Role, department: str | None = None) -> httpx.Client:
        token = token_for(role, department, user_id=f"{role}-tester")
        return httpx.Client(
            base_url=self.services[service].url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        )


def new_stack(bootstrap: str, new_database: NewDatabase, log_dir: Path, **extra: str) -> Stack:
    """A stack (not started) with fresh databases and a topic prefix nobody else uses."""
    prefix = f"r{uuid.uuid4().hex[:10]}."
    databases = {name: new_database(name) for name in SERVICES}
    # Consultations open and close the same day here: the policy minimum is not under test.
    settings = {
        "SCHEDULER_INTERVAL_S": "3600",
        "CLOCK_TODAY": TODAY,
        "CONSULTATION_MINIMUM_DAYS": "0",
        **extra,
    }
    return Stack(bootstrap, prefix, databases, log_dir, settings)


async def write_raw(bootstrap: str, topic: str, messages: list[tuple[str | None, bytes]]) -> None:
    """Write (key, bytes) to the topic in order; return once Kafka has them all."""
    producer = AIOKafkaProducer(
        **client_options(bootstrap), enable_idempotence=True, max_request_size=4 * 1024 * 1024
    )
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, value, key=key.encode() if key else None)
    finally:
        await producer.stop()


def wait_until(check: Callable[[], T | None], what: str, timeout: float = 60) -> T:
    """Poll `check` until it returns something truthy; fail saying what it last saw."""
    found = eventually(
        check, what=what, timeout=timeout, interval=0.2, tolerating=(httpx.HTTPError,)
    )
    assert found is not None
    return found


def answer(response: httpx.Response, status: int = 200) -> Any:
    """The JSON of a response that must have this status."""
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    return response.json()
