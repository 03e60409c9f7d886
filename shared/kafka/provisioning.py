"""Create topics explicitly at start-up: partitions set, history kept forever.

`retention.ms=-1` and `cleanup.policy=delete` (never compact): the log is the audit record,
and both retention and compaction would destroy it.
"""

from __future__ import annotations

from collections.abc import Iterable

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = structlog.get_logger(__name__)

TOPIC_CONFIG = {"retention.ms": "-1", "cleanup.policy": "delete"}


async def ensure_topics(
    bootstrap_servers: str, names: Iterable[str], partitions: int, replication: int = 1
) -> list[str]:
    """Create any of the topics that do not exist yet; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=15000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [name for name in names if name not in existing]
        if not missing:
            return []
        response = await admin.create_topics(
            [
                NewTopic(name, partitions, replication, topic_configs=TOPIC_CONFIG)
                for name in missing
            ]
        )
        _raise_unexpected_errors(response)
        log.info("kafka.topics_created", topics=missing, partitions=partitions)
        return missing
    finally:
        await admin.close()


def _raise_unexpected_errors(response: object) -> None:
    # Another service may create the same topic at the same moment: that is fine.
    for topic, code, message in getattr(response, "topic_errors", []):
        if code not in (0, TopicAlreadyExistsError.errno):
            raise RuntimeError(f"could not create topic {topic}: error {code} {message}")
