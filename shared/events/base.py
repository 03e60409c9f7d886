"""Base type of every integration event's payload.

Wire names and versions are explicit class variables, never derived from class or module
names, so renaming Python code cannot break years of stored events.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class EventPayload(BaseModel):
    """The fields of one kind of event; the envelope carries the rest."""

    # Unknown extra fields are tolerated: producers may add optional fields freely.
    model_config = ConfigDict(frozen=True, extra="ignore")

    EVENT_TYPE: ClassVar[str]
    SCHEMA_VERSION: ClassVar[int] = 1
    TOPIC: ClassVar[str]
    # For events more than one service publishes (TOPIC is then ""): each producer's topic.
    TOPIC_OF_PRODUCER: ClassVar[dict[str, str]] = {}
    AGGREGATE_TYPE: ClassVar[str]
