"""Play the relay's and the checkpointer's part for tests and benchmarks that write events
straight to topics: each event gets its position in its producer's signed log (the relay's
header), and every `every` events the producer signs a checkpoint on `<owner>.checkpoints`."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from shared.events.checkpoints import Checkpoint, origin_of, sign_checkpoint
from shared.events.merkle import CompactRange
from shared.events.signing import Signer
from shared.events.transparency import LOG_INDEX_HEADER, CheckpointSigned
from tests.support.envelopes import StreamWriter

Headers = list[tuple[str, bytes]]
Positioned = tuple[str, str, dict[str, Any], Headers]  # logical topic, key, document, headers


class SignedLogWriter:
    """Positions and checkpoints for documents given in publish order."""

    def __init__(self, every: int = 1000) -> None:
        self.every = every
        self.trees: dict[str, CompactRange] = {}
        self.writers: dict[str, StreamWriter] = {}
        self.checkpoints: dict[str, list[Checkpoint]] = {}

    def publish(self, topic: str, key: str, document: dict[str, Any]) -> list[Positioned]:
        """The event with its position; then a checkpoint, when one is due."""
        placed = [self._place(topic, key, document)]
        tree = self.trees[document["producer"]]
        if tree.size % self.every == 0:
            placed.append(self.checkpoint(document["producer"]))
        return placed

    def checkpoint(self, producer: str) -> Positioned:
        """Sign the producer's tree as it stands, as its checkpointer would."""
        tree = self.trees.setdefault(producer, CompactRange())
        unsigned = Checkpoint(
            origin=origin_of(producer), size=tree.size, root=tree.root(),
            signed_at=datetime.now(UTC),
        )  # fmt: skip
        signed = sign_checkpoint(unsigned, Signer.development(producer))
        self.checkpoints.setdefault(producer, []).append(signed)
        payload = CheckpointSigned(
            origin=signed.origin,
            tree_size=signed.size,
            root_hash=base64.b64encode(signed.root).decode(),
            note=signed.note,
        )
        writer = self.writers.setdefault(producer, StreamWriter(producer))
        document = writer.document(payload, producer, actor_role="system")
        return self._place(f"{producer}.checkpoints", producer, document)

    def finish(self) -> list[Positioned]:
        """A last checkpoint of every producer's log (as at shutdown)."""
        return [self.checkpoint(producer) for producer in sorted(self.trees)]

    def _place(self, topic: str, key: str, document: dict[str, Any]) -> Positioned:
        tree = self.trees.setdefault(document["producer"], CompactRange())
        headers = [(LOG_INDEX_HEADER, str(tree.size).encode())]
        tree.append(bytes.fromhex(document["hash"]))
        return topic, key, document, headers
