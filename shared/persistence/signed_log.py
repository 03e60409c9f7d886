"""Each producer's Merkle tree over everything it published, kept beside its outbox.

The relay gives each outbox row its position in the producer's log (`log_index`) before
it first publishes it, in the transaction that appends the row's event hash to the tree
(`signed_log`: size and compact range). A republished row keeps its position, so the tree
never holds one event twice. The position travels as a Kafka header: unsigned, and it
need not be, because a checkpoint signs the root over the hashes in that order — an
event moved, dropped or added changes the root the auditor rebuilds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, bindparam, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared.events.merkle import CompactRange
from shared.events.transparency import LOG_INDEX_HEADER as LOG_INDEX_HEADER
from shared.persistence.tables import MessagingTables


def load_tree(connection: Connection, tables: MessagingTables, producer: str) -> Any:
    """The producer's row (locked on PostgreSQL), created empty the first time."""
    table = tables.signed_log
    query = select(table).where(table.c.producer == producer)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    if row is None:
        empty = {"producer": producer, "tree_size": 0, "frontier": "", "checkpoint_size": 0}
        # The relay and the checkpointer may both be first: the second insert does nothing
        # (waiting for the first to commit) and both then read the one row.
        insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
        first = insert(table).values(**empty).on_conflict_do_nothing(index_elements=["producer"])
        connection.execute(first)
        row = connection.execute(query).first()
    return row


def assign_positions(
    connection: Connection, tables: MessagingTables, producer: str, rows: Sequence[Any]
) -> dict[int, int]:
    """Give rows without a position the next ones, in outbox order; row id -> position."""
    state = load_tree(connection, tables, producer)
    tree = CompactRange.from_text(state.tree_size, state.frontier)
    outbox = tables.outbox
    fresh = connection.execute(
        select(outbox.c.id, outbox.c.body)
        .where(outbox.c.id.in_([row.id for row in rows]), outbox.c.log_index.is_(None))
        .order_by(outbox.c.id)
    ).all()  # read again under the lock: another relay may have placed them meanwhile
    placed: dict[int, int] = {}
    for row_id, body in fresh:
        placed[row_id] = tree.size
        tree.append(bytes.fromhex(orjson.loads(body)["hash"]))
    if placed:
        connection.execute(
            outbox.update()
            .where(outbox.c.id == bindparam("row"))
            .values(log_index=bindparam("at")),
            [{"row": row_id, "at": position} for row_id, position in placed.items()],
        )
    connection.execute(
        tables.signed_log.update()
        .where(tables.signed_log.c.producer == producer)
        .values(tree_size=tree.size, frontier=tree.to_text())
    )
    return placed
