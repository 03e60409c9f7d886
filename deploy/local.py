"""Run the whole system on this machine: local Kafka plus the three services as processes.

Used by `onecouncil up` (and so by `make demo`). Each service gets its own SQLite file
under `var/` unless DATABASE_URL_<SERVICE> is set, its own port, and the demo settings.
Kafka is secured (SASL_SSL, SCRAM-SHA-512, ACLs: `deploy/kafka/security.py`) and each
service logs in as its own principal (the console as the auditor, for its replays);
`onecouncil up --plaintext` runs the old unauthenticated broker instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from deploy.kafka import KafkaNode
from deploy.kafka.provision import provision

ROOT = Path(__file__).resolve().parents[1]
SERVICES = {"hr": 8001, "finance": 8002, "workflow": 8003, "console": 8000}
# Who each process is to a secured broker: the console only reads (audit replays).
PRINCIPAL = {"hr": "hr", "finance": "finance", "workflow": "workflow", "console": "auditor"}
PARTITIONS = 6


@dataclass(kw_only=True)
class LocalStack:
    """Kafka and the three services, started together and stopped together."""

    support_posts: int = 1500
    seed: int = 2026
    kafka_port: int = 9092
    data_dir: Path = ROOT / "var"
    secure: bool = True

    def start(self) -> dict[str, str]:
        """Start everything; return each service's URL once all are healthy."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # A data dir is formatted secured or not, once: the two kinds never share one.
        self.kafka = KafkaNode(
            ROOT / ".cache" / ("kafka-data-secure" if self.secure else "kafka-data"),
            port=self.kafka_port,
            controller_port=self.kafka_port + 1,
            secure=self.secure,
        )
        if not self.kafka.is_running():
            self.kafka.start(timeout=90)
        provision(self.kafka, prefix="", partitions=PARTITIONS)  # ACLs and topics, as admin
        self._upgrade_databases()
        self.processes = {name: self._spawn(name, port) for name, port in SERVICES.items()}
        urls = {name: f"http://127.0.0.1:{port}" for name, port in SERVICES.items()}
        for name, url in urls.items():
            wait_healthy(name, url, self.processes[name], self.data_dir / f"{name}.log")
        return urls

    def _upgrade_databases(self) -> None:
        """What an operator runs before starting a release, `onecouncil db upgrade`: the
        services refuse a database that is behind."""
        from services.operations.schemas import SERVICES_WITH_DATABASES, upgrade_database

        for name in SERVICES_WITH_DATABASES:
            url = self._database_url(name) or f"sqlite:///{self.data_dir}/{name}.db"
            upgrade_database(name, url)

    @staticmethod
    def _database_url(name: str) -> str:
        return os.environ.get(f"DATABASE_URL_{name.upper()}", "")

    def _spawn(self, name: str, port: int) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env.update(
            {
                "KAFKA_BOOTSTRAP_SERVERS": self.kafka.bootstrap_servers,
                "HTTP_PORT": str(port),
                "DATA_DIR": str(self.data_dir),
                "DEMO_SUPPORT_POSTS": str(self.support_posts),
                "DEMO_SEED": str(self.seed),
                "LOG_FORMAT": "json",
                # The demo is local by definition: development secrets, sign-in, receivers.
                "ONECOUNCIL_ENV": "local",
                "CONSOLE_DEV_SIGN_IN": os.environ.get("CONSOLE_DEV_SIGN_IN", "true"),
                # A local demo's webhook receivers run on this machine.
                "WEBHOOK_ALLOWED_HOSTS": os.environ.get(
                    "WEBHOOK_ALLOWED_HOSTS", "127.0.0.1,localhost"
                ),
            }
        )
        env["DATABASE_URL"] = self._database_url(name)
        security = self.kafka.security
        if security is not None:
            env.update(security.client_env(PRINCIPAL[name]))
        log = (self.data_dir / f"{name}.log").open("ab")
        return subprocess.Popen(
            [sys.executable, "-m", f"services.{name}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        """SIGTERM every service, then the broker."""
        for process in getattr(self, "processes", {}).values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in getattr(self, "processes", {}).values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        if hasattr(self, "kafka"):
            self.kafka.stop()


def wait_healthy(
    name: str, url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90
) -> None:
    """Return once `url/health` answers 200; raise with the log's tail if the process dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the {name} service stopped while starting; its log ends:\n{tail}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the {name} service was not healthy after {timeout:.0f}s (see {log})")
