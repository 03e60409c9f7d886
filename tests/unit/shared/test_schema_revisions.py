"""Each service's schema is its Alembic revisions: the models never change without one, and a
service will not start on a database that is not at its release's revision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from services.finance.app import FinanceSettings
from services.finance.app import create_app as finance_app
from services.hr.app import HrSettings
from services.hr.app import create_app as hr_app
from services.operations.schemas import SERVICES_WITH_DATABASES, schema_of
from services.workflow.app import WorkflowSettings
from services.workflow.app import create_app as workflow_app
from shared.persistence.engine import make_engine
from shared.persistence.migrations import BASELINE, SchemaNotCurrent
from tests.support.databases import NewDatabase

APPS: dict[str, Any] = {
    "hr": lambda: hr_app(HrSettings(database_url="sqlite://")),
    "finance": lambda: finance_app(FinanceSettings(database_url="sqlite://")),
    "workflow": lambda: workflow_app(WorkflowSettings(database_url="sqlite://")),
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database: a SQLite file, then PostgreSQL (marked `postgres`)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/service.db"
    else:
        new_database: NewDatabase = request.getfixturevalue("new_database")
        url = new_database("revisions")
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("service", SERVICES_WITH_DATABASES)
def test_the_models_match_the_newest_revision_so_no_model_changes_without_one(
    service: str, empty_database: Engine
) -> None:
    schema = schema_of(service)
    schema.upgrade(empty_database)
    assert schema.differences(empty_database) == [], (
        f"{service}'s models differ from its newest revision: write one with "
        f'`onecouncil db revision {service} -m "what changed"` (docs/operations.md)'
    )


@pytest.mark.parametrize("service", SERVICES_WITH_DATABASES)
def test_each_service_has_one_line_of_revisions_from_the_baseline(service: str) -> None:
    revisions = schema_of(service).revisions()
    assert len(revisions.get_heads()) == 1, f"{service} has two heads: write a merge revision"
    assert revisions.get_bases() == [BASELINE]


@pytest.mark.parametrize("service", SERVICES_WITH_DATABASES)
def test_the_service_checks_the_tables_and_revisions_that_the_command_upgrades(
    service: str,
) -> None:
    running = APPS[service]().state.runtime.schema
    upgraded = schema_of(service)
    assert running.metadata is upgraded.metadata
    assert running.scripts == upgraded.scripts


def test_an_empty_database_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/hr.db")
    with pytest.raises(SchemaNotCurrent) as refused:
        schema_of("hr").require_current(engine)
    assert str(refused.value) == (
        "the hr database is empty (no schema revision): run `onecouncil db upgrade hr`"
    )


def test_a_database_made_before_migrations_is_adopted_at_the_baseline_by_the_upgrade(
    tmp_path: Path,
) -> None:
    schema = schema_of("finance")
    engine = make_engine(f"sqlite:///{tmp_path}/finance.db")
    # What every service's create_all made before migrations: the baseline's tables, unstamped.
    schema.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("INSERT INTO savings_targets VALUES ('FIN', '2027-28', 120000)"))
    assert "adopts it at revision 0001" in str(schema.refusal(engine))

    assert schema.upgrade(engine).at_head
    assert schema.refusal(engine) is None
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT team, financial_year, amount FROM savings_targets"))
        rows = kept.all()
    assert [tuple(row) for row in rows] == [("FIN", "2027-28", 120000)]


def test_a_database_upgraded_by_a_newer_release_is_refused_rather_than_guessed_at(
    tmp_path: Path,
) -> None:
    schema = schema_of("workflow")
    engine = make_engine(f"sqlite:///{tmp_path}/workflow.db")
    schema.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    refusal = str(schema.refusal(engine))
    assert refusal.startswith("the workflow database is at revision 0099, which this release")
    assert "restore a backup" in refusal
