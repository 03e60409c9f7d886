"""A team announced as centralised that a rescind leaves short is corrected by a new
milestone naming the announcement (never a rewrite), once; when its posts are all in again
it is announced again, naming the withdrawal; and a catch-up after a restart does the same."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from services.workflow.adapters.tables import messaging, metadata
from services.workflow.projections.milestones import held_back, milestone_key
from services.workflow.projections.rebuild_milestones import publish_due_milestones
from services.workflow.projections.tracker import Tracker
from shared.events import milestones
from shared.persistence.engine import make_engine
from tests.support.events import Council, Document, read, rescinded, whole_move

START = date(2026, 5, 2)
MOVED_ON = date(2026, 7, 1)
NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path}/tracker.db")
    metadata.create_all(engine)
    return engine


def apply(engine: Engine, *batches: list[Document]) -> None:
    tracker = Tracker("", lambda: NOW)
    for batch in batches:
        with engine.begin() as connection:
            tracker(connection, read(batch))


def published(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        query = select(messaging.outbox.c.body).order_by(messaging.outbox.c.id)
        bodies = connection.scalars(query).all()
    return [json.loads(body) for body in bodies]


def of_team(engine: Engine) -> list[dict[str, Any]]:
    return [m for m in published(engine) if m["aggregate_type"] == "team"]


def two_finance_moves(council: Council) -> list[Document]:
    return whole_move(council, "10001", "T-1", START) + whole_move(council, "10002", "T-2", START)


def test_a_rescind_that_leaves_the_team_short_withdraws_its_centralisation_once(
    engine: Engine,
) -> None:
    council = Council()
    moves = two_finance_moves(council)
    rescind = [council.event(rescinded("10001", "T-1", MOVED_ON), date(2026, 8, 1))]
    apply(engine, moves, rescind, rescind)
    centralised, withdrawn = of_team(engine)
    assert centralised["event_type"] == "TeamCentralised"
    assert withdrawn["event_type"] == "TeamCentralisationWithdrawn"
    assert withdrawn["aggregate_id"] == "FIN"
    payload = withdrawn["payload"]
    assert payload["corrects_event_id"] == centralised["event_id"]
    assert (payload["post_number"], payload["transfer_id"]) == ("10001", "T-1")
    assert (payload["team"], payload["posts_to_move"]) == ("FIN", 1)
    assert centralised["payload"]["posts_moved"] == 2, "the announcement is left as it was"


def test_a_rescind_in_a_team_never_announced_as_centralised_withdraws_nothing(
    engine: Engine,
) -> None:
    council = Council()
    moves = whole_move(council, "10001", "T-1", START)
    staying = whole_move(council, "10003", "T-3", START)[:2]  # registered, proposed only
    rescind = [council.event(rescinded("10001", "T-1", MOVED_ON), date(2026, 8, 1))]
    apply(engine, moves + staying, rescind)
    assert of_team(engine) == []
    assert [m["event_type"] for m in published(engine)] == [
        "PostMoveCompleted",
        "PostMoveWithdrawn",
    ]


def test_the_team_is_announced_again_naming_the_withdrawal_when_its_posts_are_all_in(
    engine: Engine,
) -> None:
    council = Council()
    moves = two_finance_moves(council)
    rescind = [council.event(rescinded("10001", "T-1", MOVED_ON), date(2026, 8, 1))]
    moved_again = whole_move(council, "10001", "T-9", date(2026, 9, 1))[1:]
    again = [council.event(rescinded("10001", "T-9", date(2026, 10, 31)), date(2026, 11, 2))]
    apply(engine, moves, rescind, moved_again, again)
    kinds = [(m["event_type"], m["event_id"], m["payload"]) for m in of_team(engine)]
    assert [kind for kind, _, _ in kinds] == [
        "TeamCentralised",
        "TeamCentralisationWithdrawn",
        "TeamCentralised",
        "TeamCentralisationWithdrawn",
    ]
    _, (_, withdrawal, _), (_, second, renewed), (_, _, last) = kinds
    assert renewed["after_withdrawal_event_id"] == withdrawal
    assert last["corrects_event_id"] == second, "the second withdrawal corrects the second"


def test_a_withdrawal_due_while_catching_up_is_published_from_the_caught_up_state(
    engine: Engine,
) -> None:
    council = Council()
    apply(engine, two_finance_moves(council))
    rescind = [council.event(rescinded("10001", "T-1", MOVED_ON), date(2026, 8, 1))]
    with held_back():
        apply(engine, rescind)
    assert [m["event_type"] for m in of_team(engine)] == ["TeamCentralised"]
    with engine.begin() as connection:
        assert publish_due_milestones(connection, "", NOW) == 2  # the move's, the team's
        assert publish_due_milestones(connection, "", NOW) == 0
    centralised, withdrawn = of_team(engine)
    assert withdrawn["payload"]["corrects_event_id"] == centralised["event_id"]


def test_the_guard_keys_of_a_withdrawal_and_a_renewed_centralisation_follow_the_chain() -> None:
    renewed = {"function": "FIN", "after_withdrawal_event_id": "w-1"}
    assert milestone_key(milestones.TeamCentralised, renewed) == "TeamCentralised:FIN:after:w-1"
    assert milestone_key(milestones.TeamCentralised, {"function": "FIN"}) == "TeamCentralised:FIN"
    withdrawn = {"corrects_event_id": "c-1"}
    assert (
        milestone_key(milestones.TeamCentralisationWithdrawn, withdrawn)
        == "TeamCentralisationWithdrawn:c-1"
    )
