"""The guards read back from Workflow's own topics: milestone keys as their deciders make them,
stream positions that only move forward. (A database, no broker: milliseconds.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, create_engine, select

from services.workflow.adapters.tables import messaging, metadata, published_milestones
from services.workflow.domain.stalls import Stall
from services.workflow.projections.milestones import milestone_key
from services.workflow.projections.rebuild_guards import apply_own_events
from shared.events import redesign
from shared.events.catalogue import read_document
from shared.events.milestones import PostMoveCompleted, TeamCentralised, TransferStalled
from tests.support.envelopes import StreamWriter


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_a_milestone_read_back_has_the_key_its_decider_guarded_it_with() -> None:
    moved = PostMoveCompleted(
        post_number="1", transfer_id="T-1", team="ICT", from_department="CS",
        effective_date=date(2026, 5, 1), annual_cost=1,
    )  # fmt: skip
    stalled = TransferStalled(
        post_number="1", transfer_id="T-1", stage="approved", since=date(2026, 5, 1),
        days_in_stage=9, limit_days=7,
    )  # fmt: skip
    stall = Stall(
        post_number="1", transfer_id="T-1", department="CS", stage="approved",
        since=date(2026, 5, 1), days=9, limit_days=7,
    )  # fmt: skip
    team = TeamCentralised(team="ICT", function="ICT", posts_moved=3, completed_on=date.today())
    keys = [milestone_key(type(e), e.model_dump(mode="json")) for e in (moved, stalled, team)]
    assert keys == ["PostMoveCompleted:T-1", stall.milestone_key, "TeamCentralised:ICT"]
    assert milestone_key(redesign.ProcessRegistered, {}) is None


def test_reading_back_fills_the_guard_and_moves_streams_forward_only(engine: Engine) -> None:
    writer = StreamWriter("workflow")
    process = redesign.ProcessRegistered(
        process_id="PRC-1", function="ICT", team="ICT", name="Builds", volume_per_year=1,
        minutes_per_case=1, average_grade_cost=1,
    )  # fmt: skip
    first, second = (writer.document(process, "PRC-1") for _ in range(2))
    team = TeamCentralised(team="ICT", function="ICT", posts_moved=3, completed_on=date.today())
    milestone = writer.document(team, "ICT")
    from_hr = StreamWriter("hr").document(process, "PRC-2")
    with engine.begin() as connection:
        apply_own_events(connection, [read_document(d) for d in (first, second, milestone)])
        apply_own_events(connection, [read_document(d) for d in (first, milestone, from_hr)])
    with engine.connect() as connection:
        streams = connection.execute(select(messaging.event_streams)).all()
        guards = connection.execute(select(published_milestones)).all()
    positions = sorted(
        (r.aggregate_type, r.aggregate_id, r.last_sequence, r.last_hash) for r in streams
    )
    assert positions == [
        ("process", "PRC-1", 2, second["hash"]),
        ("team", "ICT", 1, milestone["hash"]),
    ]  # fmt: skip
    assert [(g.milestone_key, g.event_id) for g in guards] == [
        ("TeamCentralised:ICT", milestone["event_id"])
    ]
