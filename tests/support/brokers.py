"""Which Kafka broker the tests use: env var, else testcontainers, else the local launcher."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on right now (loopback)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def docker_answers() -> bool:
    """True when a Docker engine responds (then testcontainers can be used)."""
    try:
        import docker  # type: ignore[import-untyped]

        return bool(docker.from_env(timeout=2).ping())
    except Exception:
        return False


@contextmanager
def kafka_broker(work_dir: Path) -> Iterator[str]:
    """Yield bootstrap servers of a broker for this test session."""
    configured = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if configured:
        yield configured
    elif docker_answers():
        from testcontainers.community.kafka import KafkaContainer

        with KafkaContainer().with_kraft() as container:
            yield container.get_bootstrap_server()
    else:
        from deploy.kafka import KafkaNode

        node = KafkaNode(
            work_dir / "kafka", port=free_port(), controller_port=free_port(), heap="1g"
        )
        node.start(timeout=90)
        try:
            yield node.bootstrap_servers
        finally:
            node.stop()
