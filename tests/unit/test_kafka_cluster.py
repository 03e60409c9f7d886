"""The launcher's several-node settings (no JVM): ports, one quorum, replicas per size."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.kafka.cluster import KafkaCluster, override_properties
from shared.kafka.provisioning import replication_for, topic_config


def _properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and line[0] != "#")
    return dict(pairs)


def test_three_nodes_listen_on_consecutive_pairs_of_ports_with_one_static_quorum(
    tmp_path: Path,
) -> None:
    cluster = KafkaCluster(tmp_path, 3, port=9092, controller_port=9093)
    assert cluster.bootstrap_servers == "127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096"
    voters = "1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097"
    for number, node in enumerate(cluster.nodes, start=1):
        settings = _properties(node.write_properties().read_text())
        assert node.data_dir == tmp_path / f"node-{number}"
        assert settings["node.id"] == str(number)
        assert settings["controller.quorum.voters"] == voters
        assert "controller.quorum.bootstrap.servers" not in settings
        assert settings["listeners"] == (
            f"PLAINTEXT://127.0.0.1:{9090 + 2 * number},CONTROLLER://127.0.0.1:{9091 + 2 * number}"
        )
        assert node.format_options() == []  # a static quorum is not formatted --standalone


def test_three_nodes_replicate_every_internal_topic_three_times_and_need_two_in_sync(
    tmp_path: Path,
) -> None:
    settings = _properties(KafkaCluster(tmp_path, 3).nodes[0].write_properties().read_text())
    for key in (
        "default.replication.factor",
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "share.coordinator.state.topic.replication.factor",
    ):
        assert settings[key] == "3", key
    for key in (
        "min.insync.replicas",
        "transaction.state.log.min.isr",
        "share.coordinator.state.topic.min.isr",
    ):
        assert settings[key] == "2", key
    assert settings["unclean.leader.election.enable"] == "false"


def test_the_nodes_share_one_cluster_id_and_refuse_folders_of_two_clusters(
    tmp_path: Path,
) -> None:
    cluster = KafkaCluster(tmp_path, 3)
    cluster_id = cluster.share_cluster_id()
    assert {n.cluster_id_path.read_text().strip() for n in cluster.nodes} == {cluster_id}
    cluster.nodes[1].cluster_id_path.write_text("another-cluster\n")
    with pytest.raises(RuntimeError, match="different clusters"):
        cluster.share_cluster_id()


@pytest.mark.parametrize(
    ("brokers", "replicas", "in_sync"), [(1, 1, 1), (2, 2, 1), (3, 3, 2), (5, 3, 2)]
)
def test_topics_are_replicated_on_up_to_three_brokers_and_need_two_from_three(
    brokers: int, replicas: int, in_sync: int
) -> None:
    assert replication_for(brokers) == (replicas, in_sync)
    assert topic_config(replicas)["min.insync.replicas"] == str(in_sync)
    assert topic_config(replicas)["retention.ms"] == "-1"


def test_overriding_properties_replaces_removes_and_appends_keys() -> None:
    text = "# head\na=1\nb=2\n"
    assert override_properties(text, {"a": "9", "b": None, "c": "3"}) == "# head\na=9\nc=3\n"


def test_the_compose_profile_runs_three_brokers_of_one_quorum_and_services_know_all_three() -> None:
    import yaml

    path = Path(__file__).resolve().parents[2] / "deploy" / "compose" / "three-brokers.yml"
    services = yaml.safe_load(path.read_text())["services"]
    brokers = [services[name]["environment"] for name in ("kafka", "kafka-2", "kafka-3")]
    assert sorted(b["KAFKA_NODE_ID"] for b in brokers) == [1, 2, 3]
    assert {b["KAFKA_CONTROLLER_QUORUM_VOTERS"] for b in brokers} == {
        "1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093"
    }
    assert {b["KAFKA_MIN_INSYNC_REPLICAS"] for b in brokers} == {2}
    for name in ("hr", "finance", "workflow", "console"):
        bootstrap = services[name]["environment"]["KAFKA_BOOTSTRAP_SERVERS"]
        assert bootstrap == "kafka:9092,kafka-2:9092,kafka-3:9092"
