"""Build sealed, signed envelope documents for tests that write events straight to a topic."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from shared.events.base import EventPayload
from shared.events.envelope import Actor, seal
from shared.events.signing import Signer, sign_and_seal
from shared.persistence.outbox import EventContext, NewEvent, envelope_document


class StreamWriter:
    """Keeps each aggregate's sequence and hash chain, like a producing service does, and
    signs with the producer's development key (or `signer`: a forger's, in attack tests)."""

    def __init__(self, producer: str, signer: Signer | None = None) -> None:
        self.producer = producer
        self.signer = signer or Signer.development(producer)
        self._streams: dict[tuple[str, str], tuple[int, str | None]] = {}

    def document(
        self,
        payload: EventPayload,
        aggregate_id: str | None = None,
        department: str | None = None,
        actor_role: str = "hr_staff",
        **overrides: Any,
    ) -> dict[str, Any]:
        """The next sealed envelope for the payload's aggregate (by default the one it names)."""
        aggregate_id = aggregate_id or aggregate_id_of(payload)
        key = (payload.AGGREGATE_TYPE, aggregate_id)
        sequence, previous = self._streams.get(key, (0, None))
        context = EventContext(
            producer=self.producer,
            actor=Actor(id="tester", role=actor_role),
            correlation_id=uuid.uuid4(),
        )
        event = NewEvent(payload=payload, aggregate_id=aggregate_id, department=department)
        document = envelope_document(event, context, sequence + 1, previous, datetime.now(UTC))
        document.update(overrides)
        sealed = sign_and_seal(document, self.signer)
        self._streams[key] = (sequence + 1, sealed["hash"])
        return sealed


# The payload field that names each kind of aggregate, as the producing services key them.
AGGREGATE_ID_FIELD = {
    "post": "post_number",
    "post_budget": "post_number",
    "post_journey": "post_number",
    "team_savings": "team",
    "team": "team",
    "process": "process_id",
    "candidate": "candidate_id",
    "exercise": "exercise_id",
    "wave": "wave_id",
    "wave_progress": "wave_id",
    "benefit": "candidate_id",
}


def aggregate_id_of(payload: EventPayload) -> str:
    """The id the payload's stream is keyed by: its post, team, process, candidate or exercise."""
    return str(getattr(payload, AGGREGATE_ID_FIELD[payload.AGGREGATE_TYPE]))


def to_bytes(document: dict[str, Any]) -> bytes:
    """The wire form of a document."""
    return json.dumps(document, separators=(",", ":")).encode()


def unsigned(document: dict[str, Any]) -> dict[str, Any]:
    """The document as written before signing: no key id, no signature, hash recomputed."""
    bare = {k: v for k, v in document.items() if k not in ("key_id", "signature", "hash")}
    return seal(bare)
