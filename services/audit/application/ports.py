"""What the replay needs from the outside world, as protocols."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Protocol

from shared.events.transparency import LOG_INDEX_HEADER

HashCheck = Callable[[dict[str, Any]], bool]
Decode = Callable[[bytes | None], dict[str, Any]]  # raises UnreadableEvent


class LoggedMessage(Protocol):
    """One Kafka record as read (aiokafka's ConsumerRecord fits as is)."""

    @property
    def topic(self) -> str: ...
    @property
    def partition(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def value(self) -> bytes | None: ...


class LiveTracker(Protocol):
    """The Workflow service's answer: each post's current stage."""

    def stages(self, post_numbers: list[str]) -> dict[str, str]: ...


class MessageSource(Protocol):
    """The log, read once from start offsets to the end offsets fixed when it opened."""

    @property
    def total(self) -> int: ...

    def batches(self) -> AsyncIterator[Sequence[LoggedMessage]]: ...


def position_of(message: LoggedMessage) -> int | None:
    """The event's place in its producer's signed log, from the relay's header, if any."""
    for name, value in getattr(message, "headers", None) or ():
        if name == LOG_INDEX_HEADER:
            try:
                return int(value)
            except ValueError:
                return None
    return None
