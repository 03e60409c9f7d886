"""Each producer's own log, on `<owner>.checkpoints`: the keys it signs with and the
checkpoints it signs over everything it has published (issue 20).

One stream per producer (aggregate `signed_log`, id the producer), hash-chained and signed
like any other. Published by HR, Finance and Workflow; read by the audit (nobody applies
them: they are what an auditor checks the rest against).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from shared.events import topics
from shared.events.base import EventPayload

# The Kafka header carrying an event's position in its producer's signed log (the relay's).
LOG_INDEX_HEADER = "onecouncil-log-index"

CHECKPOINTS_TOPIC_OF_PRODUCER: dict[str, str] = {
    "hr": topics.HR_CHECKPOINTS,
    "finance": topics.FINANCE_CHECKPOINTS,
    "workflow": topics.WORKFLOW_CHECKPOINTS,
}


class SigningKeyPublished(EventPayload):
    """A producer started signing with this key; the key registry file must list it too."""

    EVENT_TYPE: ClassVar[str] = "SigningKeyPublished"
    TOPIC: ClassVar[str] = ""
    TOPIC_OF_PRODUCER: ClassVar[dict[str, str]] = CHECKPOINTS_TOPIC_OF_PRODUCER
    AGGREGATE_TYPE: ClassVar[str] = "signed_log"

    key_id: str = Field(description="The key's signed-note id: name+key hash.")
    algorithm: Literal["ed25519"] = "ed25519"
    public_key: str = Field(description="The Ed25519 public key, base64 (32 bytes).")
    first_used_at: datetime = Field(description="When the producer started signing with it.")


class CheckpointSigned(EventPayload):
    """A producer signed the root of the Merkle tree over everything it published so far."""

    EVENT_TYPE: ClassVar[str] = "CheckpointSigned"
    TOPIC: ClassVar[str] = ""
    TOPIC_OF_PRODUCER: ClassVar[dict[str, str]] = CHECKPOINTS_TOPIC_OF_PRODUCER
    AGGREGATE_TYPE: ClassVar[str] = "signed_log"

    origin: str = Field(description="Whose log: onecouncil/<producer>.")
    tree_size: int = Field(ge=0, description="Events published before it was signed.")
    root_hash: str = Field(description="RFC 6962 Merkle root over their hashes, base64.")
    note: str = Field(
        max_length=8000, description="The checkpoint as a C2SP signed note, signature included."
    )


EVENTS: tuple[type[EventPayload], ...] = (SigningKeyPublished, CheckpointSigned)
