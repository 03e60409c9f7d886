"""The messaging tables each service keeps in its own database.

- `outbox`: events written in the same transaction as the change they describe; a relay
  publishes them in order and marks them sent.
- `event_streams`: each aggregate's last sequence number and hash, so the next event can
  continue the per-aggregate sequence and hash chain.
- `inbox`: ids of consumed events already applied, written in the same transaction as
  their effect, so a redelivered event changes nothing.
- `dead_letters`: every message a consumer set aside, with why, its bytes and where it came
  from; an open one blocks its aggregate until it is redriven or discarded (who, when, why).
- `signed_log`: the producer's Merkle tree over everything it published (size, compact
  range), the size it last signed a checkpoint at, and the key it last published
  (`shared/persistence/signed_log.py`); `outbox.log_index` is each event's place in it.
- `parked`: later events of a blocked aggregate, held in arrival order behind the dead
  letter that blocks them (see `shared/kafka/parking.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)


@dataclass(frozen=True, kw_only=True)
class MessagingTables:
    """The messaging tables, bound to one service's metadata."""

    outbox: Table
    event_streams: Table
    inbox: Table
    dead_letters: Table
    parked: Table
    signed_log: Table


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
        # The W3C traceparent of the span that recorded the event, sent as a Kafka header;
        # beside the sealed body, never in it (shared/tracing). Null while tracing is off.
        Column("traceparent", String(55), nullable=True),
        # The event's place in the producer's signed log, given by the relay before it
        # first publishes the row (null until then).
        Column("log_index", BigInteger, nullable=True),
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
    dead_letters, parked = _parking_tables(metadata)
    return MessagingTables(
        outbox=outbox,
        event_streams=event_streams,
        inbox=inbox,
        dead_letters=dead_letters,
        parked=parked,
        signed_log=Table(
            "signed_log",
            metadata,
            Column("producer", String(50), primary_key=True),
            Column("tree_size", BigInteger, nullable=False),
            Column("frontier", Text, nullable=False),  # the compact range, hex, largest first
            Column("checkpoint_size", BigInteger, nullable=False),  # the size last signed
            Column("key_id", String(100), nullable=True),  # the key last published on the log
        ),
    )


def _serial() -> BigInteger:
    return BigInteger().with_variant(Integer, "sqlite")


def _parking_tables(metadata: MetaData) -> tuple[Table, Table]:
    dead_letters = Table(
        "dead_letters",
        metadata,
        Column("id", _serial(), primary_key=True, autoincrement=True),
        Column("consumer", String(100), nullable=False),
        Column("aggregate_key", String(200), nullable=True),
        Column("event_id", String(36), nullable=True),
        Column("code", String(50), nullable=False),
        Column("reason", Text, nullable=False),
        Column("source_topic", String(200), nullable=False),
        Column("source_partition", Integer, nullable=False),
        Column("source_offset", BigInteger, nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("status", String(20), nullable=False),  # open, redriven, discarded
        Column("dead_lettered_at", DateTime(timezone=True), nullable=False),
        Column("resolved_by", String(100), nullable=True),
        Column("resolved_at", DateTime(timezone=True), nullable=True),
        Column("resolution", Text, nullable=True),
        Column("corrected_body", LargeBinary, nullable=True),
        # A correction of another service's event, proposed by one person (corrections.py).
        Column("proposed_by", String(100), nullable=True),
        Column("proposed_at", DateTime(timezone=True), nullable=True),
        Column("proposal_reason", Text, nullable=True),
        UniqueConstraint("consumer", "source_topic", "source_partition", "source_offset"),
        Index("ix_dead_letters_open", "consumer", "status", "aggregate_key"),
    )
    parked = Table(
        "parked",
        metadata,
        Column("id", _serial(), primary_key=True, autoincrement=True),
        Column("consumer", String(100), nullable=False),
        Column("aggregate_key", String(200), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("blocked_by", BigInteger, nullable=False, index=True),
        Column("source_topic", String(200), nullable=False),
        Column("source_partition", Integer, nullable=False),
        Column("source_offset", BigInteger, nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("parked_at", DateTime(timezone=True), nullable=False),
        UniqueConstraint("consumer", "event_id"),
    )
    return dead_letters, parked
