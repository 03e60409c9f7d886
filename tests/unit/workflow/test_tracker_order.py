"""The tracker's answer does not depend on the order events arrive in across topics."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from services.workflow.adapters.tables import journeys, messaging, metadata
from services.workflow.domain.journey import fold_journey
from services.workflow.projections.tracker import Tracker
from shared.events import finance
from shared.persistence.engine import make_engine
from tests.support.events import Council, Document, facts_of, read, whole_move

NOW = datetime.fromisoformat("2026-09-01T12:00:00+00:00")


def _two_posts() -> list[Document]:
    council = Council()
    documents = whole_move(council, "10001", "T-1", date(2026, 5, 1))
    documents += whole_move(council, "10002", "T-2", date(2026, 5, 2), department="ASCH")
    # A budget check failed then passed on a re-check: the later one (by sequence) counts.
    ids = {"post_number": "10003", "transfer_id": "T-3"}
    documents += whole_move(council, "10003", "T-3", date(2026, 5, 3))[:3]
    documents.append(
        council.event(
            finance.BudgetCheckFailed(
                **ids, cost_centre="CS-FIN-01", reason_code="cost_centre_frozen", reason="frozen"
            )
        )
    )
    return documents


def test_folding_a_posts_facts_in_any_order_gives_the_same_journey() -> None:
    documents = whole_move(Council(), "10001", "T-1", date(2026, 5, 1))
    facts = facts_of(documents)
    expected = fold_journey("10001", facts)
    assert expected.stage == "effective" and expected.budget_moved
    for seed in range(20):
        random.Random(seed).shuffle(facts)
        assert fold_journey("10001", facts) == expected


def test_a_budget_moved_read_before_its_transfer_effective_still_completes_the_move(
    tmp_path: Path,
) -> None:
    documents = whole_move(Council(), "10001", "T-1", date(2026, 5, 1))
    budget_moved, effective = documents[-1], documents[-2]
    engine = _database(tmp_path, "early")
    tracker = Tracker("", lambda: NOW)
    for batch in (documents[:-2], [budget_moved], [effective]):
        with engine.begin() as connection:
            tracker(connection, read(batch))
    journey = _journeys(engine)["10001"]
    assert journey["stage"] == "effective"
    assert journey["budget_moved"] is True
    assert _milestones(engine) == ["PostMoveCompleted", "TeamCentralised"]


def test_the_tracker_reaches_the_same_state_whatever_the_order_and_batching(
    tmp_path: Path,
) -> None:
    documents = _two_posts()
    reference = _apply_in_order(tmp_path, "reference", documents, random.Random(0), shuffle=False)
    for seed in range(1, 13):
        rng = random.Random(seed)
        state = _apply_in_order(tmp_path, f"shuffled{seed}", list(documents), rng, shuffle=True)
        assert state == reference, f"order {seed} gave another answer"
    journeys_by_post, milestones = reference
    assert journeys_by_post["10003"]["budget_check"] == "failed"
    assert sorted(milestones) == ["PostMoveCompleted", "PostMoveCompleted"]


def _apply_in_order(
    tmp_path: Path, name: str, documents: list[Document], rng: random.Random, shuffle: bool
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    if shuffle:
        rng.shuffle(documents)
    engine = _database(tmp_path, name)
    tracker = Tracker("", lambda: NOW)
    position = 0
    while position < len(documents):
        size = rng.randint(1, 6)
        batch = documents[position : position + size]
        # A redelivered message is a duplicate event id: the inbox skips it, but the tracker
        # must also be safe if the same fact ever arrives twice under the same sequence.
        with engine.begin() as connection:
            tracker(connection, read(batch))
        position += size
    # TeamCentralised counts the posts registered so far, so it is left out here: it is the
    # one milestone that depends on HR registering the establishment before moves finish.
    return _journeys(engine), [m for m in _milestones(engine) if m != "TeamCentralised"]


def _database(tmp_path: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path}/{name}.db")
    metadata.create_all(engine)
    return engine


def _journeys(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as connection:
        return {
            row["post_number"]: dict(row) for row in connection.execute(select(journeys)).mappings()
        }


def _milestones(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        bodies = connection.scalars(select(messaging.outbox.c.body)).all()
    return [body.split('"event_type":"')[1].split('"')[0] for body in bodies]


def test_a_fact_repeated_with_its_stream_and_sequence_counts_once() -> None:
    facts = facts_of(whole_move(Council(), "10001", "T-1", date(2026, 5, 1)))
    assert asdict(fold_journey("10001", facts + facts)) == asdict(fold_journey("10001", facts))
