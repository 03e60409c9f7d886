"""Two writers starting the same new aggregate at once give it one unbroken sequence."""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import MetaData, select

from shared.events.envelope import Actor
from shared.events.finance import SavingsTargetSet
from shared.persistence import outbox
from shared.persistence.engine import make_engine
from shared.persistence.outbox import EventContext, NewEvent, record_events
from shared.persistence.tables import messaging_tables
from tests.support.databases import NewDatabase


# SQLite serialises writers with BEGIN IMMEDIATE, so there the race never happens: only
# PostgreSQL's SELECT ... FOR UPDATE on the stream rows is under test.
@pytest.mark.postgres
def test_concurrent_first_events_of_one_aggregate_share_one_sequence(
    new_database: NewDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Widen the race: every writer pauses between reading its streams and writing them.
    save_streams = outbox._save_streams

    def slow_save(*args: Any) -> None:
        time.sleep(0.2)
        save_streams(*args)

    monkeypatch.setattr(outbox, "_save_streams", slow_save)
    metadata = MetaData()
    tables = messaging_tables(metadata)
    engine = make_engine(new_database("outbox"))
    metadata.create_all(engine)
    context = EventContext(
        producer="finance", actor=Actor(id="f1", role="finance_staff"), correlation_id=uuid.uuid4()
    )
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def write(amount: int) -> None:
        event = NewEvent(
            payload=SavingsTargetSet(team="FIN", financial_year="2026/27", amount=amount),
            aggregate_id="FIN",
        )
        start.wait()
        try:
            with engine.begin() as connection:
                record_events(connection, tables, context, [event], datetime.now(UTC))
        except BaseException as error:  # collected: a thread's error must fail the test
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with engine.connect() as connection:
        bodies = connection.scalars(select(tables.outbox.c.body)).all()
    documents = sorted((json.loads(body) for body in bodies), key=lambda d: d["sequence"])
    assert [d["sequence"] for d in documents] == list(range(1, 9))
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(documents))
