"""Start the services as real processes (as `python -m services.<name>`) for e2e tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from deploy.local import wait_healthy
from shared.faults import MARKER, PAUSE_AT
from tests.support.brokers import free_port
from tests.support.databases import upgrade_to_head
from tests.support.waiting import eventually

JWT_SECRET = "test-secret-that-is-long-enough-for-hs256"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ServiceProcess:
    """One service process, its URL and its log file."""

    name: str
    port: int
    log_path: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    # As an operator does before starting it: `onecouncil db upgrade <service>`.
    upgrade_database: bool = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self.upgrade_database:
            upgrade_to_head(self.name, self.env["DATABASE_URL"])
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", f"services.{self.name}"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, timeout: float = 60) -> None:
        assert self.process is not None
        wait_healthy(self.name, self.url, self.process, self.log_path, timeout)

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM and wait; return the exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)

    def kill(self) -> None:
        """SIGKILL: a crash, for fault-injection tests."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()


# The approval policy off: for the tests that are not about it (shared/approval_policy.py).
UNCHECKED_APPROVALS = {
    "APPROVAL_SEPARATION_OF_DUTIES": "false",
    "APPROVAL_SENIOR_ABOVE": "0",
    "APPROVAL_BULK_SENIOR_ABOVE": "0",
}


def service_env(
    name: str,
    port: int,
    bootstrap: str,
    prefix: str,
    database_url: str,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment a service process is started with in tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "HTTP_"))}
    env.update(
        {
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "TOPIC_PREFIX": prefix,
            "DATABASE_URL": database_url,
            "HTTP_PORT": str(port),
            "JWT_SECRET": JWT_SECRET,
            # Tests run local receivers and the development sign-in (shared/production.py).
            "ONECOUNCIL_ENV": "local",
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
            # A policy choice for tests that are not about the consultation clock: they
            # open and close consultations the same day. Clock tests set it back to 30.
            "CONSULTATION_MINIMUM_DAYS": "0",
            # Likewise for tests not about the approval policy: one officer proposes and
            # approves, at any cost. Its own tests switch it back on (UNCHECKED_APPROVALS).
            **UNCHECKED_APPROVALS,
        }
    )
    env.update(extra or {})
    return env


def start_services(
    names: list[str],
    bootstrap: str,
    prefix: str,
    databases: Mapping[str, str],
    log_dir: Path,
    extra: Mapping[str, str] | None = None,
) -> dict[str, ServiceProcess]:
    """Start each named service and wait until all report healthy."""
    log_dir.mkdir(parents=True, exist_ok=True)
    services: dict[str, ServiceProcess] = {}
    for name in names:
        port = free_port()
        env = service_env(name, port, bootstrap, prefix, databases[name], extra)
        services[name] = ServiceProcess(name, port, log_dir / f"{name}.log", env)
        services[name].start()
    for service in services.values():
        service.wait_healthy()
    return services


def post_bulk_while_killed(
    url: str, headers: dict[str, str], body: dict[str, Any], key: str
) -> None:
    """POST a bulk run that the test kills the service under: the failed request is the point."""
    with contextlib.suppress(httpx.HTTPError):
        httpx.post(
            f"{url}/bulk/transfers",
            json=body,
            timeout=120,
            headers={**headers, "Idempotency-Key": key},
        )


def armed_at(marker: Path, *points: str) -> dict[str, str]:
    """Environment that makes a service pause at these fault points (`shared/faults.py`),
    marking each in a fresh `marker` file."""
    marker.unlink(missing_ok=True)
    return {PAUSE_AT: ",".join(points), MARKER: str(marker)}


def wait_paused_at(marker: Path, *points: str, timeout: float = 120) -> None:
    """Until the armed process has reached (and paused at) every one of these points."""
    names = {point.partition("@")[0] for point in points}

    def reached() -> set[str]:
        lines = marker.read_text().splitlines() if marker.exists() else []
        return {line.split()[0] for line in lines}

    eventually(reached, names.issubset, what=f"paused at {sorted(names)}", timeout=timeout)
