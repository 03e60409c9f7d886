"""Build sealed envelope documents for tests that write events straight to a topic."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from shared.events.base import EventPayload
from shared.events.envelope import seal


class StreamWriter:
    """Keeps each aggregate's sequence and hash chain, like a producing service does."""

    def __init__(self, producer: str) -> None:
        self.producer = producer
        self._streams: dict[tuple[str, str], tuple[int, str | None]] = {}

    def document(
        self,
        payload: EventPayload,
        aggregate_id: str,
        department: str | None = None,
        actor_role: str = "hr_staff",
        **overrides: Any,
    ) -> dict[str, Any]:
        """The next sealed envelope for the payload's aggregate."""
        key = (payload.AGGREGATE_TYPE, aggregate_id)
        sequence, previous = self._streams.get(key, (0, None))
        now = datetime.now(UTC).isoformat()
        document = {
            "event_id": str(uuid.uuid4()),
            "event_type": payload.EVENT_TYPE,
            "schema_version": payload.SCHEMA_VERSION,
            "occurred_at": now,
            "recorded_at": now,
            "effective_date": None,
            "producer": self.producer,
            "aggregate_type": key[0],
            "aggregate_id": aggregate_id,
            "sequence": sequence + 1,
            "correlation_id": str(uuid.uuid4()),
            "causation_id": None,
            "actor": {"id": "tester", "role": actor_role, "department": None},
            "department": department,
            "payload": payload.model_dump(mode="json"),
            "prev_hash": previous,
        }
        document.update(overrides)
        sealed = seal(document)
        self._streams[key] = (sequence + 1, sealed["hash"])
        return sealed


def to_bytes(document: dict[str, Any]) -> bytes:
    """The wire form of a document."""
    return json.dumps(document, separators=(",", ":")).encode()
