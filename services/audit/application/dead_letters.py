"""Read a message on a dead-letter topic as what it is: a set-aside message, not an event.

Its value is the refused message's own bytes (perhaps not JSON at all); what the audit needs
is in the headers `DeadLetters.send` wrote, and in the record's timestamp.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.audit.domain.controls.dead_letters import SetAside
from services.audit.domain.records import EventRef
from shared.events.interventions import dead_letter_key
from shared.events.topics import DEAD_LETTER_TOPICS


def dead_letter_prefix(topic: str) -> str | None:
    """The deployment's prefix when `topic` is a dead-letter topic; None when it is not."""
    for logical in DEAD_LETTER_TOPICS:
        if topic.endswith(logical):
            return topic[: -len(logical)]
    return None


def set_aside_of(message: Any, prefix: str) -> SetAside | None:
    """The dead letter this record is, or None when its headers do not say (not ours)."""
    headers = {name: bytes(value).decode(errors="replace") for name, value in message.headers}
    try:
        source = headers["x-source-topic"].removeprefix(prefix)
        partition, offset = int(headers["x-source-partition"]), int(headers["x-source-offset"])
        key = dead_letter_key(headers["x-consumer"], source, partition, offset)
    except (KeyError, ValueError):
        return None
    at = datetime.fromtimestamp(message.timestamp / 1000, UTC)
    ref = EventRef("?", "dead letter", message.topic, message.partition, message.offset, key)
    return SetAside(key=key, code=headers.get("x-dead-letter-code", "?"), at=at, ref=ref)
