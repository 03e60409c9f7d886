"""Read Finance's topics until what the test waits for is there."""

from __future__ import annotations

from shared.kafka.security import KafkaAccess
from tests.support.topics import Messages, read_until


async def events_of(bootstrap: KafkaAccess | str, topic: str, key: str, count: int) -> Messages:
    """The first `count` messages with this key, once there are that many."""
    messages = await read_until(
        bootstrap, topic, lambda ms: sum(m["key"] == key for m in ms) >= count
    )
    return [m for m in messages if m["key"] == key]


def types(messages: Messages) -> list[str]:
    return [m["value"]["event_type"] for m in messages]
