"""`onecouncil db backup` while HR runs, restored as docs/operations.md says: the restored
database is at the schema's head and HR serves from it what was there at the backup."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from services.cli import app as cli
from services.hr.app import HrSettings, create_app
from services.operations.schemas import schema_of
from shared.persistence.engine import make_engine
from tests.support.databases import NewDatabase
from tests.support.in_process import serving, settings_for_test

pytestmark = pytest.mark.kafka

# A structlog console line from the service running beside the command.
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[")


def a_post(number: str) -> dict[str, object]:
    return {
        "post_number": number, "title": "Management Accountant", "grade": "Grade 9",
        "fte": 1.0, "function": "FIN", "department": "PLACE", "cost_centre": "PLACE-FIN-01",
        "annual_cost": 52_000, "employee_ref": None,
    }  # fmt: skip


def restore(backup: Path, kind: str, new_database: NewDatabase, folder: Path) -> str:
    """The documented restore: copy the file into place (SQLite), or pg_restore into an
    empty database (PostgreSQL)."""
    if kind == "sqlite":
        target = folder / "restored" / "hr.db"
        target.parent.mkdir()
        shutil.copyfile(backup, target)
        return f"sqlite:///{target}"
    url = new_database("hr_restored")
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={url}", str(backup)], check=True)
    return url


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def test_a_backup_taken_while_hr_runs_restores_to_a_service_with_what_it_held(
    kind: str,
    kafka_bootstrap: str,
    new_database: NewDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = new_database("hr_live") if kind == "postgresql" else f"sqlite:///{tmp_path}/hr.db"
    before, after = (str(10**7 + uuid.uuid4().int % 10**7) for _ in range(2))
    settings = settings_for_test(HrSettings, kafka_bootstrap, url)
    monkeypatch.setenv("DATABASE_URL_HR", url)
    folder = tmp_path / "backups"
    async with serving(create_app(settings), "hr", "hr_staff", "hr-officer-1") as hr:
        assert (await hr.post("/posts", json=a_post(before))).status_code == 201
        backed_up = await asyncio.to_thread(
            CliRunner().invoke, cli, ["db", "backup", "hr", "--to", str(folder)]
        )
        assert backed_up.exit_code == 0, backed_up.output
        assert (await hr.post("/posts", json=a_post(after))).status_code == 201
    (backup,) = folder.iterdir()
    # HR runs in this process and its log shares stdout with the command: only the
    # command's own lines are its answer.
    said = [line for line in backed_up.output.splitlines() if not LOG_LINE.match(line)]
    assert said == [f"hr: backed up to {backup}"]

    restored = restore(backup, kind, new_database, tmp_path)
    engine = make_engine(restored)
    assert schema_of("hr").refusal(engine) is None
    engine.dispose()
    again = settings.model_copy(update={"database_url": restored})
    async with serving(create_app(again), "hr", "hr_staff", "hr-officer-1") as hr:
        answers: list[httpx.Response] = [await hr.get(f"/posts/{n}") for n in (before, after)]
    assert [answer.status_code for answer in answers] == [200, 404]
    assert answers[0].json()["title"] == "Management Accountant"


def test_a_backup_never_overwrites_a_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL_FINANCE", f"sqlite:///{tmp_path}/nowhere.db")
    refused = CliRunner().invoke(cli, ["db", "backup", "finance", "--to", str(tmp_path)])
    assert refused.exit_code == 1
    assert "finance: there is no database file at" in refused.output
    assert not (tmp_path / "nowhere.db").exists()
