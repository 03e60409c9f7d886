"""The local launcher starts a real broker from cached jars, and stops it with SIGTERM."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from deploy.kafka import KafkaNode, ensure_jars
from deploy.kafka.launcher import port_open
from tests.support.brokers import free_port
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka


async def test_a_second_start_uses_the_cache_and_needs_no_maven(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_jars()  # the first fetch (already cached on a machine that ran this before)
    java = shutil.which("java")
    assert java is not None
    only_java = tmp_path / "bin"
    only_java.mkdir()
    (only_java / "java").symlink_to(java)
    monkeypatch.setenv("PATH", str(only_java))  # Maven is now unreachable

    node = KafkaNode(tmp_path / "data", port=free_port(), controller_port=free_port())
    node.start(timeout=90)
    try:
        assert port_open(node.port)
        assert (
            await read_topic(node.bootstrap_servers, "__no_such_topic__", at_least=0, timeout=1)
            == []
        )
    finally:
        node.stop()
    assert not port_open(node.port)
    assert node.read_pid() is None or not _alive(node.read_pid())


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
