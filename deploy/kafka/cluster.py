"""Several combined controller+broker Kafka nodes on this machine: one cluster, one id.

Node ``i`` (1-based) lives in ``<data dir>/node-<i>`` and listens on ``port + 2(i-1)``
(clients) and ``controller_port + 2(i-1)`` (controller), so the defaults give
9092/9093, 9094/9095, 9096/9097. The quorum is static (``controller.quorum.voters``
names every node): the simplest quorum that survives losing any one of three nodes.

Durability across brokers: internal topics are replicated ``min(3, nodes)`` times, and
with three or more nodes a write needs two in-sync replicas (``min.insync.replicas=2``),
so an acknowledged event survives losing any one broker.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from deploy.kafka.launcher import (
    HOST,
    KafkaLauncherError,
    KafkaNode,
    new_cluster_id,
    render_server_properties,
)
from shared.kafka.provisioning import replication_for


def override_properties(text: str, changes: dict[str, str | None]) -> str:
    """``server.properties`` text with keys replaced (None removes one) and new keys appended."""
    pending = dict(changes)
    lines: list[str] = []
    for line in text.splitlines():
        key = line.split("=", 1)[0]
        if line.startswith("#") or key not in pending:
            lines.append(line)
            continue
        value = pending.pop(key)
        if value is not None:
            lines.append(f"{key}={value}")
    lines += [f"{key}={value}" for key, value in pending.items() if value is not None]
    return "\n".join(lines) + "\n"


def cluster_settings(*, node_id: int, controller_ports: list[int]) -> dict[str, str | None]:
    """What a node of a several-node cluster changes in the single-node settings."""
    replicas, min_isr = replication_for(len(controller_ports))
    voters = ",".join(
        f"{number}@{HOST}:{port}" for number, port in enumerate(controller_ports, start=1)
    )
    return {
        "node.id": str(node_id),
        # A static quorum: StorageTool formats each node alone, no voter ids to exchange.
        "controller.quorum.bootstrap.servers": None,
        "controller.quorum.voters": voters,
        "default.replication.factor": str(replicas),
        "min.insync.replicas": str(min_isr),
        "offsets.topic.replication.factor": str(replicas),
        "transaction.state.log.replication.factor": str(replicas),
        "transaction.state.log.min.isr": str(min_isr),
        "share.coordinator.state.topic.replication.factor": str(replicas),
        "share.coordinator.state.topic.min.isr": str(min_isr),
        # An out-of-sync replica must never become leader: it would drop acknowledged events.
        "unclean.leader.election.enable": "false",
    }


class ClusterNode(KafkaNode):
    """One node of a cluster: the single-node settings with the cluster's quorum and replicas."""

    def __init__(
        self,
        data_dir: Path,
        *,
        node_id: int,
        port: int,
        controller_ports: list[int],
        heap: str,
        home: Path | None = None,
    ) -> None:
        super().__init__(data_dir, port, controller_ports[node_id - 1], heap, home=home)
        self.node_id = node_id
        self.controller_ports = controller_ports

    def write_properties(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        single = render_server_properties(
            port=self.port,
            controller_port=self.controller_port,
            log_dirs=self.log_dirs,
            node_id=self.node_id,
        )
        changes = cluster_settings(node_id=self.node_id, controller_ports=self.controller_ports)
        self.properties_path.write_text(override_properties(single, changes))
        return self.properties_path

    def format_options(self) -> list[str]:
        return []  # a static quorum: no --standalone


class KafkaCluster:
    """``nodes`` ClusterNodes sharing one cluster id; started together, stopped together."""

    def __init__(
        self,
        data_dir: Path | str,
        nodes: int = 3,
        port: int = 9092,
        controller_port: int = 9093,
        heap: str = "384m",
        *,
        home: Path | None = None,
    ) -> None:
        if nodes < 1:
            raise KafkaLauncherError(f"a cluster needs at least one node, not {nodes}")
        self.data_dir = Path(data_dir).expanduser().resolve()
        controller_ports = [controller_port + 2 * index for index in range(nodes)]
        self.nodes = [
            ClusterNode(
                self.data_dir / f"node-{number}",
                node_id=number,
                port=port + 2 * (number - 1),
                controller_ports=controller_ports,
                heap=heap,
                home=home,
            )
            for number in range(1, nodes + 1)
        ]

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(node.bootstrap_servers for node in self.nodes)

    def share_cluster_id(self) -> str:
        """The one cluster id, written into every node's folder before any is formatted."""
        found = [
            n.cluster_id_path.read_text().strip() for n in self.nodes if n.cluster_id_path.exists()
        ]
        cluster_id = found[0] if found else new_cluster_id()
        if any(other != cluster_id for other in found):
            raise KafkaLauncherError(
                f"the nodes under {self.data_dir} were formatted for different clusters: "
                "remove the folder to start afresh"
            )
        for node in self.nodes:
            node.data_dir.mkdir(parents=True, exist_ok=True)
            node.cluster_id_path.write_text(cluster_id + "\n")
        return cluster_id

    def start(self, timeout: float = 90.0) -> None:
        """Start every node at once (a broker opens its port only once the quorum has a
        majority, so one at a time would wait forever); stop them all if any fails."""
        self.share_cluster_id()
        with ThreadPoolExecutor(len(self.nodes)) as pool:
            outcomes = [pool.submit(node.start, timeout) for node in self.nodes]
            errors = [outcome.exception() for outcome in outcomes]
        failures = [error for error in errors if error is not None]
        if failures:
            self.stop()
            raise KafkaLauncherError(f"the cluster did not start: {failures[0]}")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every node (SIGTERM, SIGKILL after ``timeout`` s)."""
        with ThreadPoolExecutor(len(self.nodes)) as pool:
            list(pool.map(lambda node: node.stop(timeout), self.nodes))

    def detach(self) -> None:
        for node in self.nodes:
            node.detach()
