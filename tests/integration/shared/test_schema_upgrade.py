"""Upgrading a database keeps what it holds and the service works on it afterwards; a
service started on a database that is behind refuses, in one line naming the command.

Each database is made at the baseline revision and given rows as they were written then
(only the baseline's columns), upgraded to the head, and read back through the service's
own API against the real broker. Until a second revision exists the upgrade changes
nothing; from then on this is the test that each revision keeps the council's data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, Table, select

from services.finance.app import FinanceSettings
from services.finance.app import create_app as finance_app
from services.hr.app import HrSettings
from services.hr.app import create_app as hr_app
from services.operations.schemas import schema_of, upgrade_database
from services.workflow.app import WorkflowSettings
from services.workflow.app import create_app as workflow_app
from shared.auth import Role
from shared.persistence.engine import make_engine
from shared.persistence.migrations import BASELINE
from tests.support.databases import NewDatabase
from tests.support.in_process import serving, settings_for_test
from tests.support.services import ServiceProcess, service_env
from tests.support.waiting import eventually

pytestmark = pytest.mark.kafka

# Rows as the baseline release wrote them: its columns only, whatever later revisions add.
BASELINE_ROWS: dict[str, dict[str, list[dict[str, Any]]]] = {
    "hr": {"posts": [{
        "post_number": "90000001", "title": "Payroll Officer", "grade": "Grade 6", "fte": 1.0,
        "function": "HR", "department": "CS", "team": None, "cost_centre": "CS-HR-01",
        "annual_cost": 38_000, "employee_ref": "E-90000001",
    }]},
    "finance": {
        "cost_centres": [{"code": "CS-FIN-90", "name": "Corporate Services finance",
                          "owner": "CS", "function": "FIN", "frozen": False}],
        "budget_lines": [{"cost_centre": "CS-FIN-90", "function": "FIN",
                          "annual_budget": 500_000, "reserved": 0, "moved_in": 0,
                          "moved_out": 0}],
    },
    "workflow": {"processes": [{
        "process_id": "PROC-UPGRADE-1", "function": "FIN", "team": "FIN",
        "name": "Supplier invoice processing", "volume_per_year": 12_000,
        "minutes_per_case": 6.5, "rework_percent": 4.0, "average_grade_cost": 36_000,
        "review_started_on": None, "producer": "workflow", "sequence": 1,
    }]},
}  # fmt: skip
APPS: dict[str, tuple[Any, Any, Role]] = {
    "hr": (HrSettings, hr_app, "hr_staff"),
    "finance": (FinanceSettings, finance_app, "finance_staff"),
    "workflow": (WorkflowSettings, workflow_app, "hr_staff"),
}


def write_baseline_rows(service: str, url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for name, rows in BASELINE_ROWS[service].items():
                table = Table(name, MetaData(), autoload_with=connection)
                connection.execute(table.insert(), rows)
    finally:
        engine.dispose()


def rows_after_upgrade(service: str, url: str) -> dict[str, list[dict[str, Any]]]:
    """The baseline's columns of every table the fixtures wrote, as they read now."""
    engine = make_engine(url)
    kept: dict[str, list[dict[str, Any]]] = {}
    try:
        with engine.connect() as connection:
            for name, rows in BASELINE_ROWS[service].items():
                table = Table(name, MetaData(), autoload_with=connection)
                columns = [table.c[column] for column in rows[0]]
                kept[name] = [dict(row) for row in connection.execute(select(*columns)).mappings()]
    finally:
        engine.dispose()
    return kept


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.parametrize("service", ["hr", "finance", "workflow"])
async def test_a_database_upgraded_from_the_baseline_keeps_its_rows_and_the_service_works(
    service: str,
    database_kind: str,
    kafka_bootstrap: str,
    new_database: NewDatabase,
    tmp_path: Path,
) -> None:
    url = (
        new_database(f"{service}_upgrade")
        if database_kind == "postgresql"
        else f"sqlite:///{tmp_path}/{service}.db"
    )
    assert upgrade_database(service, url, BASELINE) == (None, BASELINE)
    write_baseline_rows(service, url)

    before, after = upgrade_database(service, url)
    assert (before, after) == (BASELINE, schema_of(service).head())
    assert rows_after_upgrade(service, url) == BASELINE_ROWS[service]

    kind, create_app, role = APPS[service]
    app = create_app(settings_for_test(kind, kafka_bootstrap, url))
    async with serving(app, service, role, "upgrade-check") as client:
        await _service_reads_and_writes_its_upgraded_rows(service, client)


async def _service_reads_and_writes_its_upgraded_rows(service: str, client: Any) -> None:
    if service == "hr":
        post = (await client.get("/posts/90000001")).json()
        assert (post["title"], post["department"]) == ("Payroll Officer", "CS")
        proposal = {"target_team": "HR", "effective_date": "2027-04-01", "reason": "Centralise"}
        proposed = await client.post("/posts/90000001/transfers", json=proposal)
        assert proposed.status_code == 201, proposed.text
    elif service == "finance":
        lines = (await client.get("/budget-lines")).json()
        line = next(line for line in lines if line["cost_centre"] == "CS-FIN-90")
        assert line["annual_budget"] == 500_000
    else:
        listed = (await client.get("/processes", params={"team": "FIN"})).json()
        assert [p["name"] for p in listed["processes"]] == ["Supplier invoice processing"]


def test_a_service_started_on_an_empty_database_refuses_in_one_line_naming_the_command(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/finance.db"
    env = service_env("finance", 1, "127.0.0.1:1", "refused.", url)
    service = ServiceProcess("finance", 1, tmp_path / "finance.log", env, upgrade_database=False)
    service.start()
    assert service.process is not None
    assert eventually(service.process.poll, lambda code: code is not None, what="exit") != 0
    said = service.log_path.read_text().strip().splitlines()
    assert said[-1] == (
        "refusing to start: the finance database is empty (no schema revision): "
        "run `onecouncil db upgrade finance`"
    )
