"""Bulk rows committed in chunks on a real database (SQLite, and PostgreSQL when one
answers): a row refused or broken halfway through a chunk, after it had written its
change, takes back only itself; the rest of its chunk is kept with its events."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select

from services.hr.adapters import repository
from services.hr.adapters.tables import messaging, transfers
from services.hr.adapters.unit_of_work import ConnectionPerThread, SqlUnitOfWork
from services.hr.application import commands as c
from services.hr.application.bulk import BulkOptions, run_commands, run_rows
from services.hr.application.handlers import handle
from services.hr.domain.errors import TransferNotAllowed
from services.hr.domain.post import Post
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext
from tests.integration.hr.support import assert_stream_is_whole
from tests.support.posts import register_post

CONTEXT = EventContext(
    producer="hr", actor=Actor(id="hr-officer-1", role="hr_staff"), correlation_id=uuid.uuid4()
)
PROPOSE = BulkOptions(effective_date=date(2027, 4, 1), reason="centralise")
POSTS = [str(60001 + i) for i in range(7)]
REFUSED, BROKEN = POSTS[2], POSTS[4]  # in the middle of the one chunk


@pytest.fixture
def engine(hr_engine: Engine) -> Engine:
    return hr_engine


def register(engine: Engine, numbers: list[str]) -> None:
    with SqlUnitOfWork(engine, CONTEXT) as uow:
        for number in numbers:
            handle(uow, register_post(number))


@pytest.fixture
def saves_then_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two posts' rows write their new transfer, then one is refused and one breaks."""
    save = repository.PostRepository.save

    def save_then_fail(self: repository.PostRepository, post: Post) -> None:
        save(self, post)
        if post.post_number == REFUSED:
            raise TransferNotAllowed(f"post {REFUSED} is refused after writing, for the test")
        if post.post_number == BROKEN:
            raise RuntimeError("the disk filled up after writing")

    monkeypatch.setattr(repository.PostRepository, "save", save_then_fail)


def outbox(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(select(messaging.outbox.c.body).order_by(messaging.outbox.c.id))
        return [json.loads(body) for (body,) in rows]


def transfers_of(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(transfers.c.post_number)))


def test_a_row_refused_mid_chunk_takes_back_only_itself(
    engine: Engine, saves_then_fails: None
) -> None:
    register(engine, POSTS)
    with ConnectionPerThread(engine) as connections:
        commands = [c.ProposeTransfer(n, None, date(2027, 4, 1), "centralise") for n in POSTS]
        results = run_commands(lambda: connections.chunk(CONTEXT), commands, rows_per_chunk=50)

    assert [(r.post_number, r.outcome) for r in results] == [
        (n, "refused" if n == REFUSED else "error" if n == BROKEN else "done") for n in POSTS
    ]
    assert results[2].reason == f"post {REFUSED} is refused after writing, for the test"
    assert results[4].reason == "could not be done: RuntimeError"
    kept = [n for n in POSTS if n not in (REFUSED, BROKEN)]
    assert transfers_of(engine) == set(kept), "the refused and broken rows left no transfer"
    proposed = [e for e in outbox(engine) if e["event_type"] == "TransferProposed"]
    assert [e["aggregate_id"] for e in proposed] == kept
    transfer_ids = {r.post_number: r.transfer_id for r in results}
    assert all(e["payload"]["transfer_id"] == transfer_ids[e["aggregate_id"]] for e in proposed)
    for number in POSTS:  # sequence and hash chain whole, with no gap left by a taken-back row
        assert_stream_is_whole([e for e in outbox(engine) if e["aggregate_id"] == number])


def test_a_simulated_chunk_keeps_nothing_and_refuses_as_for_real(engine: Engine) -> None:
    register(engine, POSTS[:3])
    before = outbox(engine)
    with ConnectionPerThread(engine) as connections:
        results = run_rows(
            lambda: connections.chunk(CONTEXT, simulate=True), "propose", PROPOSE, POSTS[:4]
        )
    assert [r.outcome for r in results] == ["done", "done", "done", "refused"]
    assert outbox(engine) == before
    assert transfers_of(engine) == set()
