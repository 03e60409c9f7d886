"""Workflow seeds its demo pipeline even when HR's and Finance's processes reached it first
(they start together: which comes first is a race), and only once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, Table, create_engine, func, select
from sqlalchemy.pool import StaticPool

from services.workflow.adapters.tables import candidates, fte_releases, metadata
from services.workflow.application.demo import seed_demo_pipeline
from services.workflow.projections.redesign import apply_redesign_events
from shared.events import redesign
from tests.support.envelopes import StreamWriter
from tests.support.events import read

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _engine() -> Engine:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    metadata.create_all(engine)
    return engine


def _count(engine: Engine, table: Table) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_the_demo_seeds_its_functions_after_hrs_process_came_first() -> None:
    engine = _engine()
    hr_process = redesign.ProcessRegistered(
        process_id="PRC-HR-001", function="HR", team="HR", name="Recruitment",
        volume_per_year=1200, minutes_per_case=90, average_grade_cost=38_000,
    )  # fmt: skip
    with engine.begin() as connection:
        apply_redesign_events(connection, read([StreamWriter("hr").document(hr_process)]))

    assert seed_demo_pipeline(engine, 7, "t.", NOW) > 100
    assert _count(engine, candidates) == 36  # six statuses in each of Workflow's six functions
    assert _count(engine, fte_releases) == 6  # each delivered one released FTE
    assert seed_demo_pipeline(engine, 7, "t.", NOW) == 0  # a restart seeds nothing again
