"""`onecouncil db upgrade|current|revision`: what an operator and a developer run."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, Date, MetaData, inspect
from typer.testing import CliRunner

from services.cli import app
from services.operations.schemas import schema_of
from shared.persistence.engine import make_engine
from shared.persistence.migrations import ServiceSchema
from shared.persistence.revisions import write_revision

RUFF = str(Path(sys.executable).parent / "ruff")
HEAD = schema_of("hr").head()  # every service's line has as many revisions as HR's so far
NEXT = f"{int(HEAD) + 1:04d}"


def test_current_names_the_command_and_upgrade_brings_every_database_to_the_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()

    before = runner.invoke(app, ["db", "current"])
    assert before.exit_code == 1
    assert f"hr: revision none (head {HEAD})" in before.output
    assert "run `onecouncil db upgrade workflow`" in before.output

    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"finance: upgraded from empty to revision {HEAD}" in upgraded.output
    again = runner.invoke(app, ["db", "upgrade", "finance"])
    assert again.output == f"finance: already at revision {HEAD}\n"

    after = runner.invoke(app, ["db", "current"])
    assert after.exit_code == 0, after.output
    workflow = schema_of("workflow").head()  # a service may have more revisions than HR
    assert f"workflow: revision {workflow} (head {workflow})" in after.output


def test_one_database_url_for_three_services_is_refused_until_a_service_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/one.db")
    refused = CliRunner().invoke(app, ["db", "upgrade"])
    assert refused.exit_code == 2
    assert "DATABASE_URL_HR" in refused.output
    assert not (tmp_path / "one.db").exists()


def test_the_revision_command_writes_the_next_numbered_revision_that_levels_the_database(
    tmp_path: Path,
) -> None:
    released = schema_of("hr")
    scripts = tmp_path / "migrations"
    shutil.copytree(released.scripts, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    unchanged = ServiceSchema(service="hr", metadata=released.metadata, scripts=scripts)
    assert write_revision(unchanged, "nothing changed", RUFF) is None

    changed = MetaData()
    for table in released.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["posts"].append_column(Column("pay_protected_until", Date, nullable=True))
    schema = ServiceSchema(service="hr", metadata=changed, scripts=scripts)
    written = write_revision(schema, "Pay protection end date on posts", RUFF)

    assert written is not None and written.name == f"{NEXT}_pay_protection_end_date_on_posts.py"
    assert "batch_op.add_column" in written.read_text()
    engine = make_engine(f"sqlite:///{tmp_path}/hr.db")
    schema.upgrade(engine, HEAD)
    assert schema.refusal(engine) == (
        f"the hr database is at revision {HEAD} and this release needs {NEXT}: "
        "run `onecouncil db upgrade hr`"
    )
    assert schema.upgrade(engine).current == NEXT
    assert schema.differences(engine) == []
    columns = {column["name"] for column in inspect(engine).get_columns("posts")}
    assert "pay_protected_until" in columns
