"""docker-compose's Kafka is secured with the launcher's own settings (deploy/kafka/compose.py)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from deploy.kafka.compose import passwords_from, prepare
from deploy.kafka.security import PRINCIPALS

PASSWORDS = {principal: f"{principal}-{'p' * 30}" for principal in PRINCIPALS}


def test_every_principal_needs_a_long_plain_password() -> None:
    environment = {f"KAFKA_PASSWORD_{p.upper()}": value for p, value in PASSWORDS.items()}
    assert passwords_from(environment) == PASSWORDS
    with pytest.raises(SystemExit, match="KAFKA_PASSWORD_HR: 24"):
        passwords_from({**environment, "KAFKA_PASSWORD_HR": "short"})
    with pytest.raises(SystemExit, match="KAFKA_PASSWORD_AUDITOR"):
        passwords_from({**environment, "KAFKA_PASSWORD_AUDITOR": "x" * 30 + ",name=admin"})


def test_the_container_gets_a_secured_node_and_the_services_only_the_ca(tmp_path: Path) -> None:
    folder, ca_folder = tmp_path / "kafka-security", tmp_path / "kafka-ca"
    prepare(folder, ca_folder, PASSWORDS)
    settings = dict(
        line.split("=", 1) for line in (folder / "server.properties").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )  # fmt: skip
    assert settings["advertised.listeners"] == "SASL_SSL://kafka:9092"
    assert settings["listeners"] == "SASL_SSL://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093"
    assert settings["super.users"] == "User:admin"
    assert settings["allow.everyone.if.no.acl.found"] == "false"
    [command] = [
        line for line in (folder / "format.sh").read_text().splitlines() if "format" in line
    ]
    scram = [arg for arg in shlex.split(command) if arg.startswith("SCRAM-SHA-512=")]
    assert scram == [f"SCRAM-SHA-512=[name={p},password={PASSWORDS[p]}]" for p in PRINCIPALS]
    assert [path.name for path in ca_folder.iterdir()] == ["ca.pem"]
    assert all(path.stat().st_mode & 0o077 == 0 for path in folder.iterdir())
