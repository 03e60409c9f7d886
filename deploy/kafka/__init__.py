"""Local single-node Apache Kafka broker (KRaft) from the official jars, no Docker.

python -m deploy.kafka start   # prints KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092
python -m deploy.kafka stop
"""

from deploy.kafka.launcher import (
    KAFKA_VERSION,
    KafkaLauncherError,
    KafkaNode,
    MavenError,
    ToolNotFoundError,
    ensure_jars,
    kafka_home,
    new_cluster_id,
    render_server_properties,
)

__all__ = [
    "KAFKA_VERSION",
    "KafkaLauncherError",
    "KafkaNode",
    "MavenError",
    "ToolNotFoundError",
    "ensure_jars",
    "kafka_home",
    "new_cluster_id",
    "render_server_properties",
]
