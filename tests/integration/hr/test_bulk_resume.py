"""A bulk run cut short after a few chunks, on a real database (SQLite, and PostgreSQL when
one answers): what the committed chunks did is in the report, another HR process marks the
run interrupted once its owner falls silent (never while the owner is alive), and resuming
it does the remaining rows only: one transfer per post, each event once."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import AbstractContextManager
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, select

from services.hr.adapters.bulk_runs import BulkRunStore
from services.hr.adapters.tables import messaging, transfers
from services.hr.adapters.unit_of_work import ConnectionPerThread, SqlChunk
from services.hr.application.bulk import (
    BulkOptions,
    RowResult,
    command_for,
    run_commands,
    totals,
)
from services.hr.application.handlers import handle
from tests.integration.hr.support import assert_stream_is_whole
from tests.integration.hr.test_bulk_chunks import CONTEXT, register

PROPOSE = BulkOptions(effective_date=date(2027, 4, 1), reason="centralise")
POSTS = [str(70001 + i) for i in range(450)]
ROWS = [*POSTS[:200], "99999", *POSTS[200:], POSTS[0]]  # an unknown post, a post twice
PER_CHUNK = 100


class Crash(BaseException):
    """The process dies: nothing after this runs, not even the bulk run's own clean-up."""


@pytest.fixture
def engine(hr_engine: Engine) -> Engine:
    register(hr_engine, POSTS)
    return hr_engine


def run(
    engine: Engine, run_id: str, already: dict[int, RowResult], crash_after: int | None
) -> list[RowResult]:
    commands = [command_for("propose", n, PROPOSE) for n in ROWS]
    with ConnectionPerThread(engine) as connections:
        chunks = 0

        def start_chunk() -> AbstractContextManager[SqlChunk]:
            nonlocal chunks
            chunks += 1
            if crash_after is not None and chunks > crash_after:
                raise Crash()
            return connections.chunk(CONTEXT, run_id=run_id)

        return run_commands(start_chunk, commands, rows_per_chunk=PER_CHUNK, already=already)


def test_an_interrupted_run_resumes_with_the_rows_it_had_not_done(engine: Engine) -> None:
    store = BulkRunStore(engine)
    run_id = store.claim("k-1", "h", "propose", False, "hr-officer-1", None, ROWS, "hr-dead")
    with pytest.raises(Crash):
        run(engine, run_id, {}, crash_after=2)

    cut_short = store.load(run_id)
    assert cut_short.status == "running"
    assert sorted(cut_short.recorded) == list(range(2 * PER_CHUNK)), "two chunks were kept"
    assert store.beat("hr-dead", timedelta(0)) == [], "a process never flags its own runs"
    live = store.claim("k-2", "h", "propose", True, "hr-officer-1", None, ["70001"], "hr-busy")
    assert store.beat("hr-new", timedelta(hours=1)) == [], "a process seen lately is alive"
    assert set(store.beat("hr-new", timedelta(0))) == {run_id, live}, "silent: interrupted"
    interrupted = store.find_by_key("hr-officer-1", "k-1", "h")
    assert store.find_by_key("hr-officer-2", "k-1", "h") is None, "keys are per user"
    assert interrupted is not None and interrupted.status == "interrupted"
    report = interrupted.as_report()
    assert report["totals"] == {"rows": 200, "done": 200, "refused": 0, "error": 0}
    assert report["remaining"] == len(ROWS) - 200
    assert report["remaining_post_numbers"] == ROWS[200:]

    assert store.resume(run_id, "hr-new")
    assert not store.resume(run_id, "hr-other"), "one request resumes it, not two"
    results = run(engine, run_id, dict(interrupted.recorded), crash_after=None)
    assert not store.finish(run_id, results, totals(results), "hr-dead"), "no longer its run"
    assert store.finish(run_id, results, totals(results), "hr-new")

    final = store.load(run_id).as_report()
    assert final["status"] == "finished"
    assert final["totals"] == {"rows": len(ROWS), "done": 450, "refused": 2, "error": 0}
    assert final["remaining"] == 0
    assert [r["post_number"] for r in final["rows"]] == ROWS
    before = [(r.post_number, r.transfer_id) for r in interrupted.rows]
    assert [(r["post_number"], r["transfer_id"]) for r in final["rows"][:200]] == before
    with engine.connect() as connection:
        per_post = Counter(connection.scalars(select(transfers.c.post_number)))
        bodies = [json.loads(b) for b in connection.scalars(select(messaging.outbox.c.body))]
    assert per_post == Counter(POSTS), "every post has exactly one transfer"
    proposed = Counter(e["aggregate_id"] for e in bodies if e["event_type"] == "TransferProposed")
    assert proposed == Counter(POSTS), "one TransferProposed per post, none twice"
    for number in POSTS[:5] + POSTS[195:205]:
        assert_stream_is_whole([e for e in bodies if e["aggregate_id"] == number])


def test_rows_kept_by_a_chunk_are_undone_with_it(engine: Engine) -> None:
    store = BulkRunStore(engine)
    run_id = store.claim("k-3", "h", "propose", False, "hr-officer-1", None, ["70001"], "hr-a")
    with (
        ConnectionPerThread(engine) as connections,
        pytest.raises(RuntimeError),
        connections.chunk(CONTEXT, run_id=run_id) as chunk,
    ):
        with chunk.row() as uow:
            transfer = handle(uow, command_for("propose", "70001", PROPOSE))
        chunk.keep(
            [
                (
                    0,
                    RowResult(
                        post_number="70001",
                        outcome="done",
                        reason="",
                        transfer_id=transfer.transfer_id,
                    ),
                )
            ]
        )
        raise RuntimeError("the chunk fails before its commit")
    assert store.load(run_id).recorded == {}, "no row result without the row's change"
    with engine.connect() as connection:
        assert connection.scalar(select(transfers.c.post_number)) is None
