"""The producer's side of its signed log: publish its key, sign checkpoints, export them.

At start the service records `SigningKeyPublished` once per key. Every interval, and at
shutdown, it signs a checkpoint of its Merkle tree (if it grew), records `CheckpointSigned`
in its outbox (so it is published in order after the events it covers) and writes the
note to `<checkpoint_dir>/<producer>.checkpoint`, so a copy lives outside Kafka: whoever
keeps it can later prove the log still holds exactly what it held then.
"""

from __future__ import annotations

import asyncio
import base64
import uuid
from datetime import UTC, datetime
from pathlib import Path

import structlog
from sqlalchemy import Connection, Engine

from shared.events.checkpoints import Checkpoint, origin_of, sign_checkpoint
from shared.events.envelope import Actor
from shared.events.merkle import CompactRange
from shared.events.signing import Signer
from shared.events.transparency import CheckpointSigned, SigningKeyPublished
from shared.persistence.outbox import EventContext, NewEvent, record_events
from shared.persistence.signed_log import load_tree
from shared.persistence.tables import MessagingTables

log = structlog.get_logger(__name__)
SYSTEM = Actor(id="signed-log", role="system")


class Checkpointer:
    """Signs one producer's checkpoints; `run` it as a background task."""

    def __init__(
        self,
        *,
        engine: Engine,
        tables: MessagingTables,
        signer: Signer,
        topic_prefix: str,
        interval_s: float,
        folder: Path,
    ) -> None:
        self._engine = engine
        self._tables = tables
        self._signer = signer
        self._prefix = topic_prefix
        self._interval_s = interval_s
        self._folder = folder
        self.latest: Checkpoint | None = None

    def _context(self) -> EventContext:
        return EventContext(
            producer=self._signer.producer,
            actor=SYSTEM,
            correlation_id=uuid.uuid4(),
            topic_prefix=self._prefix,
        )

    def publish_key(self) -> None:
        """Record the signing key on the log, the first time this key is used."""
        signer, table = self._signer, self._tables.signed_log
        with self._engine.begin() as connection:
            state = load_tree(connection, self._tables, signer.producer)
            if state.key_id == signer.key_id:
                return
            published = SigningKeyPublished(
                key_id=signer.key_id,
                public_key=base64.b64encode(signer.public_key).decode(),
                first_used_at=datetime.now(UTC),
            )
            self._record(connection, published)
            connection.execute(
                table.update()
                .where(table.c.producer == signer.producer)
                .values(key_id=signer.key_id)
            )

    def sign(self) -> Checkpoint | None:
        """Sign a checkpoint of the tree as it stands, if it grew since the last one."""
        signer, table = self._signer, self._tables.signed_log
        with self._engine.begin() as connection:
            state = load_tree(connection, self._tables, signer.producer)
            # The last checkpoint's own event is one leaf more: no reason for another.
            if state.tree_size <= state.checkpoint_size + 1 and self.latest is not None:
                return None
            tree = CompactRange.from_text(state.tree_size, state.frontier)
            unsigned = Checkpoint(
                origin=origin_of(signer.producer),
                size=tree.size,
                root=tree.root(),
                signed_at=datetime.now(UTC),
            )
            checkpoint = sign_checkpoint(unsigned, signer)
            signed = CheckpointSigned(
                origin=checkpoint.origin,
                tree_size=checkpoint.size,
                root_hash=base64.b64encode(checkpoint.root).decode(),
                note=checkpoint.note,
            )
            self._record(connection, signed)
            connection.execute(
                table.update()
                .where(table.c.producer == signer.producer)
                .values(checkpoint_size=tree.size)
            )
        self._export(checkpoint)
        self.latest = checkpoint
        log.info("checkpoint.signed", producer=signer.producer, tree_size=checkpoint.size)
        return checkpoint

    def _record(
        self, connection: Connection, payload: SigningKeyPublished | CheckpointSigned
    ) -> None:
        event = NewEvent(
            payload=payload,
            aggregate_id=self._signer.producer,
            topic=payload.TOPIC_OF_PRODUCER[self._signer.producer],
        )
        record_events(connection, self._tables, self._context(), [event], datetime.now(UTC))

    def _export(self, checkpoint: Checkpoint) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{self._signer.producer}.checkpoint"
        partial = path.with_suffix(".partial")
        partial.write_text(checkpoint.note)
        partial.replace(path)  # a reader never sees half a note

    async def run(self) -> None:
        """Publish the key, then sign a checkpoint every interval; cancel to stop."""
        await asyncio.to_thread(self.publish_key)
        while True:
            await asyncio.sleep(self._interval_s)
            try:
                await asyncio.to_thread(self.sign)
            except Exception as error:  # the database is away: try again next time
                log.warning("checkpoint.failed", error=str(error))
