"""Create topics explicitly at start-up: partitions set, history kept forever.

`retention.ms=-1` and `cleanup.policy=delete` (never compact): the log is the audit record,
and both retention and compaction would destroy it. Each topic is replicated on as many
brokers as the cluster has, up to three; from three, a write needs two in-sync replicas, so
an event the relay saw acknowledged (acks=all) survives losing any one broker.
"""

from __future__ import annotations

from collections.abc import Iterable

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, TopicAuthorizationFailedError

from shared.kafka.security import KafkaAccess, client_options

log = structlog.get_logger(__name__)

TOPIC_CONFIG = {"retention.ms": "-1", "cleanup.policy": "delete"}


def replication_for(brokers: int) -> tuple[int, int]:
    """Replicas of each partition and the in-sync replicas a write needs, for `brokers`."""
    replicas = max(1, min(3, brokers))
    return replicas, 2 if replicas >= 3 else 1


def topic_config(replicas: int) -> dict[str, str]:
    """Settings of an event topic replicated `replicas` times."""
    _, min_in_sync = replication_for(replicas)
    return {**TOPIC_CONFIG, "min.insync.replicas": str(min_in_sync)}


async def ensure_topics(
    kafka: KafkaAccess | str,
    names: Iterable[str],
    partitions: int,
    replication: int | None = None,
) -> list[str]:
    """Create any of the topics that do not exist yet; return the names created.

    `replication` None: min(3, brokers in the cluster). On a secured broker a service may
    create only its own topics (and sees only those it may describe): the others are its
    owners' or the administrator's to create.
    """
    admin = AIOKafkaAdminClient(**client_options(kafka), request_timeout_ms=15000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [name for name in names if name not in existing]
        if not missing:
            return []
        if replication is None:
            brokers = len((await admin.describe_cluster()).get("brokers", []))
            replication, _ = replication_for(brokers)
        config = topic_config(replication)
        response = await admin.create_topics(
            [NewTopic(name, partitions, replication, topic_configs=config) for name in missing]
        )
        refused = _raise_unexpected_errors(response)
        if refused:
            log.info("kafka.topics_left_to_owners", topics=refused)
        created = [name for name in missing if name not in refused]
        if created:
            log.info("kafka.topics_created", topics=created, partitions=partitions,
                     replicas=replication)  # fmt: skip
        return created
    finally:
        await admin.close()


def _raise_unexpected_errors(response: object) -> list[str]:
    """Raise on a real failure; return the topics this principal may not create."""
    refused: list[str] = []
    for topic, code, message in getattr(response, "topic_errors", []):
        if code == TopicAuthorizationFailedError.errno:
            refused.append(topic)
        # Another service may create the same topic at the same moment: that is fine.
        elif code not in (0, TopicAlreadyExistsError.errno):
            raise RuntimeError(f"could not create topic {topic}: error {code} {message}")
    return refused
