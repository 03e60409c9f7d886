"""HR killed while seeding the demo establishment, at several points, on a real database
(SQLite, and PostgreSQL when one answers): the next start finishes the seeding with every
post once, every event once, and the demo's transfers where a clean seeding puts them."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from contextlib import AbstractContextManager
from datetime import date

import pytest
from sqlalchemy import Engine, select

from services.hr.adapters.tables import messaging, transfers
from services.hr.adapters.unit_of_work import ConnectionPerThread, SqlChunk, SqlUnitOfWork
from services.hr.application.demo import DemoTransfers, seed_demo
from services.hr.application.handlers import handle
from shared.demo import generate_posts, generate_processes, out_of_scope_posts
from shared.demo.moves import early_moves
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext
from tests.integration.hr.support import assert_stream_is_whole
from tests.support.posts import register_post

CONTEXT = EventContext(
    producer="hr", actor=Actor(id="demo-seed", role="system"), correlation_id=uuid.uuid4()
)
SEED, POSTS, TODAY = 2026, 1200, date(2027, 1, 15)


class Crash(BaseException):
    """HR dies here: nothing after it runs."""


@pytest.fixture
def engine(hr_engine: Engine) -> Engine:
    return hr_engine


def seed(engine: Engine, crash_at: tuple[str, int] | None = None) -> int:
    """Seed as HR does at start-up; with `crash_at`, die on entering that transaction."""
    entered: Counter[str] = Counter()

    def entering(kind: str) -> None:
        entered[kind] += 1
        if crash_at == (kind, entered[kind]):
            raise Crash()

    with ConnectionPerThread(engine) as connections:

        def start_uow() -> SqlUnitOfWork:
            entering("uow")
            return SqlUnitOfWork(engine, CONTEXT)

        def start_chunk() -> AbstractContextManager[SqlChunk]:
            entering("chunk")
            return connections.chunk(CONTEXT)

        return seed_demo(start_uow, SEED, POSTS, TODAY, start_chunk)


@pytest.mark.parametrize(
    "crash_at",
    # 100 transactions in all: 1 + 3 of posts + 1 of processes + 23 exercise steps + 71
    # scope steps (the last 8 out of scope) + the finish.
    [("uow", 3), ("uow", 5), ("chunk", 1), ("chunk", 2), ("uow", 20), ("uow", 95), ("uow", 100)],
    ids=[
        "after-first-posts",
        "before-processes",
        "before-transfers",
        "mid-transfers",
        "mid-consultations",
        "between-out-of-scope-proposal-and-agreement",
        "end",
    ],
)
def test_a_seeding_cut_short_is_finished_on_restart_with_nothing_twice(
    engine: Engine, crash_at: tuple[str, int]
) -> None:
    with pytest.raises(Crash):
        seed(engine, crash_at)
    registered_before = len(_outbox(engine, "PostRegistered"))
    assert seed(engine) == POSTS - registered_before
    assert seed(engine) == 0, "a finished seeding is not done again"

    posts = list(generate_posts(SEED, POSTS))
    assert Counter(e["aggregate_id"] for e in _outbox(engine, "PostRegistered")) == Counter(
        p.post_number for p in posts
    )
    hr_processes = [p.process_id for p in generate_processes(SEED) if p.function == "HR"]
    published = Counter(e["aggregate_id"] for e in _outbox(engine, "ProcessRegistered"))
    assert published == Counter(hr_processes), "HR's processes are published once"
    with engine.connect() as connection:
        rows = connection.execute(select(transfers.c.post_number, transfers.c.stage)).all()
    assert max(Counter(number for number, _ in rows).values()) == 1, "one transfer a post"
    plan = DemoTransfers()
    expected = {
        p.post_number: stage
        for p in posts
        for group, stage in [
            (plan.proposed, "proposed"),
            (plan.in_consultation, "in_consultation"),
            (plan.consultation_closed, "consultation_closed"),
            # the early start, consulted on long ago: approved once Finance's checks are back
            ((early_moves(SEED, TODAY).department, "FIN"), "consultation_closed"),
        ]
        if (p.department, p.function) == group
    }
    assert expected and dict(rows) == expected
    every = _outbox(engine)
    for number in list(expected)[:20]:
        assert_stream_is_whole([e for e in every if e["aggregate_id"] == number])
    steps = Counter(
        (e["aggregate_id"], e["event_type"], str(e["payload"].get("question_id")))
        for e in every
        if e["event_type"].startswith("Consultation") and e["aggregate_id"].startswith("CX-")
    )
    # open: opened, 3 asked, 2 answered; three closed (the early start's too): opened, 3 asked,
    # 3 answered, closed; 1 decision
    assert len(steps) == 6 + 8 + 8 + 8 + 1, "every exercise step done"
    assert set(steps.values()) == {1}, "no exercise step done twice"
    scopes = Counter(
        (e["aggregate_id"], e["event_type"]) for e in every if "Scope" in str(e["event_type"])
    )
    assert set(scopes.values()) == {1}, "no scope decision proposed or agreed twice"
    out = {e["aggregate_id"] for e in every if e["payload"].get("status") == "out_of_scope"}
    assert out == set(out_of_scope_posts(posts))
    assert all((number, "PostScopeAgreed") in scopes for number in out), "each lead agreed"


def test_a_register_with_posts_the_demo_did_not_seed_is_left_alone(engine: Engine) -> None:
    with SqlUnitOfWork(engine, CONTEXT) as uow:
        handle(uow, register_post("90001"))
    assert seed(engine) == 0
    assert len(_outbox(engine)) == 1


def _outbox(engine: Engine, event_type: str | None = None) -> list[dict[str, object]]:
    with engine.connect() as connection:
        rows = connection.scalars(select(messaging.outbox.c.body).order_by(messaging.outbox.c.id))
        bodies = [json.loads(body) for body in rows]
    return [b for b in bodies if event_type is None or b["event_type"] == event_type]
