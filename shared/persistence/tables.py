"""The messaging tables each service keeps in its own database.

- `outbox`: events written in the same transaction as the change they describe; a relay
  publishes them in order and marks them sent.
- `event_streams`: each aggregate's last sequence number and hash, so the next event can
  continue the per-aggregate sequence and hash chain.
- `inbox`: ids of consumed events already applied, written in the same transaction as
  their effect, so a redelivered event changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)


@dataclass(frozen=True)
class MessagingTables:
    """The three tables, bound to one service's metadata."""

    outbox: Table
    event_streams: Table
    inbox: Table


def messaging_tables(metadata: MetaData) -> MessagingTables:
    """Declare the messaging tables on a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column(
            "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("message_key", String(200), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True, index=True),
    )
    event_streams = Table(
        "event_streams",
        metadata,
        Column("aggregate_type", String(50), nullable=False),
        Column("aggregate_id", String(200), nullable=False),
        Column("last_sequence", Integer, nullable=False),
        Column("last_hash", String(64), nullable=False),
        PrimaryKeyConstraint("aggregate_type", "aggregate_id"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("applied_at", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    return MessagingTables(outbox=outbox, event_streams=event_streams, inbox=inbox)
