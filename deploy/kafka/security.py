"""A secured node's keys, certificate and passwords, made on its first start.

Everything lives in ``<data dir>/security/`` (mode 0700; keys and passwords 0600):

    ca.pem            the local certificate authority's certificate (clients trust it)
    ca.key            its private key (signs the broker's certificate; nothing else)
    broker.pem        the broker's private key and certificate chain (PEM keystore)
    credentials.json  one SCRAM password per principal, written at format time
    <principal>.env   what that principal's clients set (KAFKA_SASL_USERNAME, ...)

The broker listens SASL_SSL only: SCRAM-SHA-512 for clients and between brokers, PLAIN
(one static admin entry) on the controller listener, which must not depend on the
metadata log for its own logins. The StandardAuthorizer refuses whatever no ACL allows;
only ``admin`` is a super user.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ADMIN = "admin"
PRINCIPALS = (ADMIN, "hr", "finance", "workflow", "auditor")
MECHANISM = "SCRAM-SHA-512"
# Names the broker answers to: loopback here, the compose service name in containers.
BROKER_NAMES = ("localhost", "kafka")
BROKER_ADDRESSES = ("127.0.0.1",)
CERTIFICATE_DAYS = 825


@dataclass(frozen=True, slots=True)
class NodeSecurity:
    """Where a secured node's files are, and the passwords it was formatted with."""

    folder: Path
    passwords: dict[str, str]

    @property
    def ca_file(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def keystore(self) -> Path:
        return self.folder / "broker.pem"

    def env_file(self, principal: str) -> Path:
        return self.folder / f"{principal}.env"

    def client_env(self, principal: str) -> dict[str, str]:
        """The settings a client of this principal sets (shared/kafka/security.py reads them)."""
        return {
            "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_SASL_MECHANISM": MECHANISM,
            "KAFKA_SASL_USERNAME": principal,
            "KAFKA_SASL_PASSWORD": self.passwords[principal],
            "KAFKA_SSL_CAFILE": str(self.ca_file),
        }


def ensure_node_security(folder: Path, passwords: dict[str, str] | None = None) -> NodeSecurity:
    """Make the CA, the broker's certificate and the passwords, unless they exist already.

    Given `passwords` (compose: the operator's), those are kept instead of random ones.
    """
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    if not (folder / "ca.pem").exists():
        _write_certificates(folder)
    credentials = folder / "credentials.json"
    if passwords is not None or not credentials.exists():
        chosen = passwords or {name: secrets.token_urlsafe(24) for name in PRINCIPALS}
        _write_private(credentials, json.dumps(chosen, indent=1) + "\n")
    security = NodeSecurity(folder, json.loads(credentials.read_text()))
    for principal in PRINCIPALS:
        lines = [f"{key}={value}" for key, value in security.client_env(principal).items()]
        _write_private(security.env_file(principal), "\n".join(lines) + "\n")
    return security


def scram_arguments(security: NodeSecurity) -> list[str]:
    """StorageTool's ``--add-scram`` options: every principal's credential, at format time."""
    arguments: list[str] = []
    for name, password in security.passwords.items():
        arguments += ["--add-scram", f"{MECHANISM}=[name={name},password={password}]"]
    return arguments


def secure_settings(
    security: NodeSecurity, port: int, controller_port: int, host: str
) -> list[tuple[str, str]]:
    """The server.properties lines of a SASL_SSL node with ACLs (after the common ones)."""
    admin = security.passwords[ADMIN]
    plain = "org.apache.kafka.common.security.plain.PlainLoginModule"
    scram = "org.apache.kafka.common.security.scram.ScramLoginModule"
    return [
        ("listeners", f"SASL_SSL://{host}:{port},CONTROLLER://{host}:{controller_port}"),
        ("advertised.listeners", f"SASL_SSL://{host}:{port}"),
        ("inter.broker.listener.name", "SASL_SSL"),
        ("listener.security.protocol.map", "CONTROLLER:SASL_SSL,SASL_SSL:SASL_SSL"),
        ("sasl.enabled.mechanisms", MECHANISM),
        ("sasl.mechanism.inter.broker.protocol", MECHANISM),
        ("sasl.mechanism.controller.protocol", "PLAIN"),
        ("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
        (
            "listener.name.controller.plain.sasl.jaas.config",
            f'{plain} required username="{ADMIN}" password="{admin}" user_{ADMIN}="{admin}";',
        ),
        (
            "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
            f'{scram} required username="{ADMIN}" password="{admin}";',
        ),
        ("ssl.keystore.type", "PEM"),
        ("ssl.keystore.location", str(security.keystore)),
        ("ssl.truststore.type", "PEM"),
        ("ssl.truststore.location", str(security.ca_file)),
        ("ssl.client.auth", "none"),
        ("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
        ("allow.everyone.if.no.acl.found", "false"),
        ("super.users", f"User:{ADMIN}"),
    ]


def _write_certificates(folder: Path) -> None:
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "One Council local Kafka CA")])
    ca = (
        _certificate(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    broker_key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName(name) for name in BROKER_NAMES]
    names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in BROKER_ADDRESSES]
    broker_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kafka")])
    broker = (
        _certificate(broker_name, ca_name, broker_key.public_key(), now)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    _write_private(folder / "ca.key", _pkcs8(ca_key))
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    # Kafka's PEM keystore: an unencrypted PKCS#8 key, then the chain (leaf first).
    _write_private(folder / "broker.pem", _pkcs8(broker_key) + broker.public_bytes(pem).decode())


def _certificate(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePublicKey, now: datetime.datetime
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=CERTIFICATE_DAYS))
    )


def _pkcs8(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _write_private(path: Path, text: str | bytes) -> None:
    data = text.encode() if isinstance(text, str) else text
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
