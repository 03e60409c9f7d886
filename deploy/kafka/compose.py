"""Secure the apache/kafka container of docker-compose.yml with the launcher's own settings.

The official image formats its storage without SCRAM credentials and has no setting for
them, so compose runs two one-shot steps with the project's image:

* ``python -m deploy.kafka.compose prepare /kafka-security /kafka-ca`` (before Kafka): the CA,
  the broker's certificate, ``server.properties`` (the same SASL_SSL, SCRAM and ACL settings
  as ``deploy.kafka start --secure``) and ``format.sh``, which formats the storage with every
  principal's SCRAM credential; passwords come from ``KAFKA_PASSWORD_<PRINCIPAL>``. Only the
  CA certificate is copied to the volume the services mount.
* ``python -m deploy.kafka.compose provision`` (after Kafka, as admin from ``KAFKA_*``): the
  ACLs and topics of the deployment (``TOPIC_PREFIX``, ``TOPIC_PARTITIONS``).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import sys
from pathlib import Path

from deploy.kafka.launcher import new_cluster_id, render_server_properties
from deploy.kafka.security import (
    ADMIN,
    PRINCIPALS,
    NodeSecurity,
    ensure_node_security,
    scram_arguments,
    secure_settings,
)
from shared.kafka.granting import provision_deployment
from shared.kafka.security import KafkaAccess

KAFKA_UID = 1000  # the apache/kafka image's appuser
LOG_DIRS = "/var/lib/kafka/data"
STORAGE_TOOL = "/opt/kafka/bin/kafka-storage.sh"


def passwords_from(environment: dict[str, str]) -> dict[str, str]:
    """Every principal's password from ``KAFKA_PASSWORD_<PRINCIPAL>``; refuses a missing one."""
    passwords = {p: environment.get(f"KAFKA_PASSWORD_{p.upper()}", "") for p in PRINCIPALS}
    # SCRAM's format option and the JAAS line take no quoting: letters, digits, - and _ only.
    unfit = [p for p, value in passwords.items() if len(value) < 24 or not _plain(value)]
    if unfit:
        names = ", ".join(f"KAFKA_PASSWORD_{p.upper()}" for p in unfit)
        raise SystemExit(f"set {names}: 24+ characters, letters, digits, - and _ only")
    return passwords


def _plain(value: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c in "-_") for c in value)


def prepare(folder: Path, ca_folder: Path, passwords: dict[str, str], host: str = "kafka") -> None:
    """Write the broker's keys, properties and format script, and the CA for the services."""
    security = ensure_node_security(folder, passwords)
    overrides = secure_settings(security, 9092, 9093, "0.0.0.0")
    overrides += [
        ("advertised.listeners", f"SASL_SSL://{host}:9092"),
        ("controller.quorum.bootstrap.servers", f"{host}:9093"),
    ]
    properties = folder / "server.properties"
    properties.write_text(
        render_server_properties(
            port=9092, controller_port=9093, log_dirs=Path(LOG_DIRS), overrides=overrides
        )
    )
    cluster_id = folder / "cluster.id"
    if not cluster_id.exists():
        cluster_id.write_text(new_cluster_id() + "\n")
    command = [STORAGE_TOOL, "format", "-t", cluster_id.read_text().strip(), "-c", str(properties),
               "--standalone", "-g", *scram_arguments(security)]  # fmt: skip
    (folder / "format.sh").write_text("set -e\n" + shlex.join(command) + "\n")
    # Kafka's own tools (the container's health check) log in as the admin with this.
    (folder / "admin.properties").write_text(_admin_properties(security))
    ca_folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(security.ca_file, ca_folder / "ca.pem")
    for path in (folder, *folder.iterdir()):
        if os.geteuid() == 0:  # in the one-shot container: Kafka runs as its own user
            os.chown(path, KAFKA_UID, KAFKA_UID)
        path.chmod(0o700 if path.is_dir() else 0o600)


def _admin_properties(security: NodeSecurity) -> str:
    scram = "org.apache.kafka.common.security.scram.ScramLoginModule"
    password = security.passwords[ADMIN]
    lines = [
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
        f'sasl.jaas.config={scram} required username="{ADMIN}" password="{password}";',
        "ssl.truststore.type=PEM",
        f"ssl.truststore.location={security.ca_file}",
    ]
    return "\n".join(lines) + "\n"


def provision() -> None:
    """The deployment's ACLs and topics, as the admin principal the environment names."""
    prefix = os.environ.get("TOPIC_PREFIX", "")
    partitions = int(os.environ.get("TOPIC_PARTITIONS", "6"))
    asyncio.run(provision_deployment(KafkaAccess(), prefix, partitions))


def main(argv: list[str]) -> int:
    if argv[:1] == ["prepare"] and len(argv) == 3:
        prepare(Path(argv[1]), Path(argv[2]), passwords_from(dict(os.environ)))
        return 0
    if argv == ["provision"]:
        provision()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
