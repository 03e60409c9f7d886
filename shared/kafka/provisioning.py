"""Create topics explicitly at start-up: partitions set, history kept forever.

`retention.ms=-1` and `cleanup.policy=delete` (never compact): the log is the audit record,
and both retention and compaction would destroy it.
"""

from __future__ import annotations

from collections.abc import Iterable

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, TopicAuthorizationFailedError

from shared.kafka.security import KafkaAccess, client_options

log = structlog.get_logger(__name__)

TOPIC_CONFIG = {"retention.ms": "-1", "cleanup.policy": "delete"}


async def ensure_topics(
    kafka: KafkaAccess | str, names: Iterable[str], partitions: int, replication: int = 1
) -> list[str]:
    """Create any of the topics that do not exist yet; return the names created.

    On a secured broker a service may create only its own topics (and sees only those it
    may describe): the others are its owners' or the administrator's to create.
    """
    admin = AIOKafkaAdminClient(**client_options(kafka), request_timeout_ms=15000)
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
        refused = _raise_unexpected_errors(response)
        if refused:
            log.info("kafka.topics_left_to_owners", topics=refused)
        created = [name for name in missing if name not in refused]
        if created:
            log.info("kafka.topics_created", topics=created, partitions=partitions)
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
