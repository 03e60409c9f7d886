"""The outbox continues each aggregate's sequence and hash chain across transactions."""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import MetaData, select

from shared.events.envelope import Actor, hash_is_valid
from shared.events.finance import SavingsTargetSet
from shared.persistence.engine import make_engine
from shared.persistence.outbox import EventContext, NewEvent, record_events
from shared.persistence.tables import messaging_tables

CONTEXT = EventContext(
    producer="finance", actor=Actor(id="f1", role="finance_staff"), correlation_id=uuid.uuid4()
)


def _target(team: str, amount: int) -> NewEvent:
    payload = SavingsTargetSet(team=team, financial_year="2026/27", amount=amount)
    return NewEvent(payload=payload, aggregate_id=team)


def test_sequences_and_chains_continue_per_aggregate_across_transactions(tmp_path: Path) -> None:
    metadata = MetaData()
    tables = messaging_tables(metadata)
    engine = make_engine(f"sqlite:///{tmp_path}/outbox.db")
    metadata.create_all(engine)
    context = replace(CONTEXT, topic_prefix="x.")
    now = datetime.now(UTC)
    with engine.begin() as connection:
        record_events(connection, tables, context, [_target("FIN", 1), _target("HR", 2)], now)
    with engine.begin() as connection:
        record_events(connection, tables, context, [_target("FIN", 3), _target("FIN", 4)], now)

    with engine.connect() as connection:
        rows = connection.execute(select(tables.outbox).order_by(tables.outbox.c.id)).all()
    documents = [json.loads(row.body) for row in rows]
    fin = [d for d in documents if d["aggregate_id"] == "FIN"]
    assert [d["sequence"] for d in fin] == [1, 2, 3]
    assert [d["payload"]["amount"] for d in fin] == [1, 3, 4]
    assert fin[0]["prev_hash"] is None
    assert all(later["prev_hash"] == earlier["hash"] for earlier, later in itertools.pairwise(fin))
    assert all(hash_is_valid(d) for d in documents)
    assert {row.topic for row in rows} == {"x.finance.savings"}
    assert all(row.sent_at is None for row in rows)


def test_a_rolled_back_transaction_leaves_no_events_and_no_sequence(tmp_path: Path) -> None:
    metadata = MetaData()
    tables = messaging_tables(metadata)
    engine = make_engine(f"sqlite:///{tmp_path}/outbox.db")
    metadata.create_all(engine)
    context = CONTEXT
    connection = engine.connect()
    transaction = connection.begin()
    record_events(connection, tables, context, [_target("FIN", 1)], datetime.now(UTC))
    transaction.rollback()
    connection.close()
    with engine.begin() as connection:
        record_events(connection, tables, context, [_target("FIN", 2)], datetime.now(UTC))
        bodies = connection.scalars(select(tables.outbox.c.body)).all()
    assert [json.loads(body)["sequence"] for body in bodies] == [1]
