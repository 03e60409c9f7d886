"""Every Kafka client connects through one function; production refuses an unauthenticated
broker; a secured node's settings, keys and passwords are what the broker needs."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from deploy.kafka.launcher import KafkaLauncherError, KafkaNode
from deploy.kafka.security import PRINCIPALS, ensure_node_security, scram_arguments
from shared.kafka.security import KafkaAccess, client_options

SECURED = {
    "kafka_bootstrap_servers": "kafka:9092",
    "kafka_security_protocol": "SASL_SSL",
    "kafka_sasl_username": "hr",
    "kafka_sasl_password": "hr-password",
}


def test_plaintext_is_refused_outside_local_mode_unless_allowed_on_purpose() -> None:
    [refusal] = KafkaAccess().kafka_refusals()
    assert refusal.startswith("KAFKA_SECURITY_PROTOCOL is PLAINTEXT")
    assert KafkaAccess(kafka_allow_plaintext=True).kafka_refusals() == []
    assert KafkaAccess.model_validate(SECURED).kafka_refusals() == []


def test_sasl_without_a_principal_is_refused() -> None:
    access = KafkaAccess.model_validate({**SECURED, "kafka_sasl_username": ""})
    assert access.kafka_refusals() == [
        "KAFKA_SASL_USERNAME is empty: SASL needs this service's principal"
    ]


def test_a_secured_client_logs_in_with_scram_over_verified_tls() -> None:
    options = client_options(KafkaAccess.model_validate(SECURED))
    assert options["bootstrap_servers"] == "kafka:9092"
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == (
        "hr", "hr-password",
    )  # fmt: skip
    context: ssl.SSLContext = options["ssl_context"]
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


def test_bare_servers_take_who_this_process_is_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert client_options("127.0.0.1:9092") == {"bootstrap_servers": "127.0.0.1:9092"}
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "auditor")
    options = client_options("127.0.0.1:9092")
    assert (options["security_protocol"], options["sasl_plain_username"]) == (
        "SASL_PLAINTEXT", "auditor",
    )  # fmt: skip


def test_a_secured_node_is_made_once_with_private_keys_and_a_password_per_principal(
    tmp_path: Path,
) -> None:
    security = ensure_node_security(tmp_path / "security")
    again = ensure_node_security(tmp_path / "security")
    assert again.passwords == security.passwords  # kept: the broker was formatted with them
    assert set(security.passwords) == set(PRINCIPALS)
    for secret in ("ca.key", "broker.pem", "credentials.json", "hr.env"):
        assert (security.folder / secret).stat().st_mode & 0o077 == 0, secret
    assert "KAFKA_SASL_USERNAME=hr\n" in security.env_file("hr").read_text()
    assert scram_arguments(security)[:2] == [
        "--add-scram", f"SCRAM-SHA-512=[name=admin,password={security.passwords['admin']}]",
    ]  # fmt: skip


def test_a_secured_node_listens_only_sasl_ssl_and_refuses_what_no_acl_allows(
    tmp_path: Path,
) -> None:
    node = KafkaNode(tmp_path / "node", port=19092, controller_port=19093, secure=True)
    properties = node.write_properties()
    pairs = (line.split("=", 1) for line in properties.read_text().splitlines() if "=" in line)
    settings = dict(pairs)
    assert settings["listeners"] == "SASL_SSL://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert settings["listener.security.protocol.map"] == "CONTROLLER:SASL_SSL,SASL_SSL:SASL_SSL"
    assert settings["sasl.enabled.mechanisms"] == "SCRAM-SHA-512"
    assert settings["authorizer.class.name"].endswith("StandardAuthorizer")
    assert settings["allow.everyone.if.no.acl.found"] == "false"
    assert settings["super.users"] == "User:admin"
    assert properties.stat().st_mode & 0o077 == 0  # it holds the admin's password


@pytest.mark.parametrize("formatted_secure", [True, False])
def test_a_data_dir_is_always_started_the_way_it_was_formatted(
    tmp_path: Path, formatted_secure: bool
) -> None:
    first = KafkaNode(tmp_path / "node", secure=formatted_secure)
    first.write_properties()  # a secured node makes its credentials here
    first.log_dirs.mkdir(parents=True)
    (first.log_dirs / "meta.properties").write_text("node.id=1\n")  # as StorageTool leaves it
    first.refuse_the_other_kind()
    other = KafkaNode(tmp_path / "node", secure=not formatted_secure)
    with pytest.raises(KafkaLauncherError, match="was formatted"):
        other.refuse_the_other_kind()
