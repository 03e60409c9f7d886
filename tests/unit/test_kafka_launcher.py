"""Unit tests for the pure parts of deploy/kafka/launcher.py (no JVM, no network)."""

from __future__ import annotations

import base64
import re
import shutil
import stat
from pathlib import Path

import pytest

from deploy.kafka import launcher


def _parse_properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key: value for key, value in pairs}


def test_cluster_id_is_unpadded_urlsafe_base64_of_16_bytes() -> None:
    for _ in range(200):
        cluster_id = launcher.new_cluster_id()
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", cluster_id)
        assert not cluster_id.startswith("-")
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_cluster_id_redraws_a_leading_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter([b"\xf8" * 16, b"\x00" * 16])  # 0xf8 encodes to a leading '-'
    monkeypatch.setattr("os.urandom", lambda n: next(draws))
    assert launcher.new_cluster_id() == "A" * 22


def test_server_properties_for_single_node_kraft(tmp_path: Path) -> None:
    text = launcher.render_server_properties(
        port=19092, controller_port=19093, log_dirs=tmp_path / "logs"
    )
    props = _parse_properties(text)
    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "1"
    assert props["controller.quorum.bootstrap.servers"] == "127.0.0.1:19093"
    assert "controller.quorum.voters" not in props
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["inter.broker.listener.name"] == "PLAINTEXT"
    assert props["listener.security.protocol.map"] == "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
    assert props["log.dirs"] == str(tmp_path / "logs")
    for key in (
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "share.coordinator.state.topic.replication.factor",
        "share.coordinator.state.topic.min.isr",
        "min.insync.replicas",
    ):
        assert props[key] == "1", key
    assert int(props["offsets.topic.num.partitions"]) <= 5
    assert int(props["transaction.state.log.num.partitions"]) <= 5
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert int(props["log.cleaner.dedupe.buffer.size"]) == 2 * 1024 * 1024
    assert props["auto.create.topics.enable"] == "false"
    assert props["num.partitions"] == "3"


@pytest.mark.parametrize(
    ("tool", "message"),
    [
        (
            "java",
            "java not found: install a Java 17 JDK "
            "(Debian: apt-get install openjdk-17-jdk-headless)",
        ),
        ("mvn", "mvn not found: install Maven (Debian: apt-get install maven)"),
    ],
)
def test_missing_tool_gives_one_line_install_hint(
    tool: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(launcher.ToolNotFoundError) as caught:
        launcher.require_tool(tool)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def _fake_mvn(bin_dir: Path, body: str) -> Path:
    bin_dir.mkdir()
    script = bin_dir / "mvn"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_ensure_jars_runs_maven_once_then_trusts_the_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = tmp_path / "calls"
    _fake_mvn(
        tmp_path / "bin",
        f'echo run >> "{calls}"\n'
        'for arg in "$@"; do case "$arg" in -DoutputDirectory=*) out="${arg#*=}";; esac; done\n'
        f'"{shutil.which("touch")}" "$out/kafka_2.13-4.3.1.jar" "$out/kafka-clients-4.3.1.jar"\n',
    )
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    home = tmp_path / "home"

    libs = launcher.ensure_jars(home)
    assert libs == home / "libs"
    assert (libs / "kafka_2.13-4.3.1.jar").exists()
    assert (home / launcher.MARKER_NAME).exists()
    assert calls.read_text().count("run") == 1

    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))  # mvn gone: must not be needed
    assert launcher.ensure_jars(home) == libs
    assert calls.read_text().count("run") == 1


def test_maven_failure_carries_its_output_and_leaves_no_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_mvn(tmp_path / "bin", 'echo "[ERROR] Could not resolve dependencies" >&2\nexit 1\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    home = tmp_path / "home"
    with pytest.raises(launcher.MavenError, match=r"Could not resolve dependencies"):
        launcher.ensure_jars(home)
    assert not (home / launcher.MARKER_NAME).exists()
    assert not (home / "libs").exists()


def test_tail_lines(tmp_path: Path) -> None:
    log = tmp_path / "broker.log"
    log.write_text("".join(f"line {i}\n" for i in range(100)))
    assert launcher.tail_lines(log, 3) == "line 97\nline 98\nline 99"
    assert launcher.tail_lines(tmp_path / "missing.log") == ""
