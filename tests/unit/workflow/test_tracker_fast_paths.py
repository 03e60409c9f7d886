"""The tracker's shortcuts (fold new posts from their first facts, continue stored journeys,
query for milestones only when a journey has just reached one) give the full refold's answer."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from services.workflow.adapters.tables import journeys, messaging, metadata, post_events
from services.workflow.domain.journey import PostFact, fold_journey
from services.workflow.projections.tracker import Tracker
from shared.events.catalogue import CATALOGUE
from shared.persistence.engine import make_engine
from tests.support.events import Council, Document, proposed, read, registered, whole_move

NOW = datetime.fromisoformat("2026-09-01T12:00:00+00:00")


def _database(tmp_path: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path}/{name}.db")
    metadata.create_all(engine)
    return engine


def _apply(engine: Engine, batches: list[list[Document]]) -> None:
    tracker = Tracker("", lambda: NOW)
    for batch in batches:
        with engine.begin() as connection:
            tracker(connection, read(batch))


def _journey(engine: Engine, post: str) -> dict[str, Any]:
    with engine.connect() as connection:
        query = select(journeys).where(journeys.c.post_number == post)
        return dict(connection.execute(query).mappings().one())


def _stored_facts(engine: Engine, post: str) -> list[PostFact]:
    with engine.connect() as connection:
        rows = connection.execute(select(post_events).where(post_events.c.post_number == post))
        return [
            PostFact(
                stream=r.stream,
                sequence=r.sequence,
                kind=CATALOGUE[r.event_type],
                occurred_at=datetime.fromisoformat(r.occurred_at),
                payload=json.loads(r.payload),
            )
            for r in rows
        ]


def _milestones(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        bodies = connection.scalars(select(messaging.outbox.c.body)).all()
    return [body.split('"event_type":"')[1].split('"')[0] for body in bodies]


def test_a_proposed_transfer_shows_the_effective_date_it_was_proposed_with() -> None:
    council = Council()
    facts = read(
        [
            council.event(registered("10001")),
            council.event(proposed("10001", "T-1", date(2026, 11, 1))),
        ]
    )
    journey = fold_journey(
        "10001",
        [
            PostFact(
                stream=e.envelope.aggregate_type,
                sequence=e.envelope.sequence,
                kind=type(e.payload),
                occurred_at=e.envelope.occurred_at,
                payload=e.payload.model_dump(mode="json"),
            )
            for e in facts
        ],
    )
    assert journey.stage == "proposed"
    assert journey.effective_date == date(2026, 11, 1)


def test_a_journey_built_batch_by_batch_equals_the_fold_of_its_stored_facts(
    tmp_path: Path,
) -> None:
    documents = whole_move(Council(), "10001", "T-1", date(2026, 5, 1))
    engine = _database(tmp_path, "batches")
    _apply(engine, [documents[:1], documents[1:3], documents[3:]])
    stored = _journey(engine, "10001")
    refolded = fold_journey("10001", _stored_facts(engine, "10001"))
    assert stored["stage"] == "effective" and stored["budget_moved"] is True
    assert stored["effective_date"] == refolded.effective_date
    assert {k: stored[k] for k in ("stage", "transfer_id", "moved_annual_cost", "hr_sequence")} == {
        "stage": refolded.stage,
        "transfer_id": refolded.transfer_id,
        "moved_annual_cost": refolded.moved_annual_cost,
        "hr_sequence": refolded.hr_sequence,
    }


def test_milestones_are_published_once_even_when_later_facts_touch_a_finished_post(
    tmp_path: Path,
) -> None:
    council = Council()
    documents = whole_move(council, "10001", "T-1", date(2026, 5, 1))
    later = council.event(registered("10002", function="HR"))  # another function's post
    engine = _database(tmp_path, "once")
    _apply(engine, [documents, [later]])
    assert _milestones(engine) == ["PostMoveCompleted", "TeamCentralised"]


def test_the_last_post_of_a_function_moving_completes_the_team_once(tmp_path: Path) -> None:
    council = Council()
    first = whole_move(council, "10001", "T-1", date(2026, 5, 1))
    second = whole_move(council, "10002", "T-2", date(2026, 5, 2))
    engine = _database(tmp_path, "team")
    # Both registered before either moves (as HR's loads do), then one move at a time.
    registrations = [first[0], second[0]]
    _apply(engine, [registrations, first[1:], second[1:]])
    assert sorted(_milestones(engine)) == [
        "PostMoveCompleted",
        "PostMoveCompleted",
        "TeamCentralised",
    ]
