"""`onecouncil hr ...` against a running HR service process: load posts from a CSV,
simulate and run a bulk proposal with a progress bar and summary, fire due transfers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from services.hr.entrypoints.cli import app
from tests.conftest import token_for
from tests.support.databases import NewDatabase
from tests.support.services import start_services

pytestmark = pytest.mark.kafka
CSV = """post_number,title,grade,fte,function,department,cost_centre,annual_cost,employee_ref
60001,Finance Officer,Grade 7,1,FIN,CS,CS-FIN-01,41000,E60001
60002,Accountant,Grade 9,1,FIN,CS,CS-FIN-01,52000,E60002
60003,Finance Assistant,Grade 5,0.5,FIN,CS,CS-FIN-01,16000,
60004,HR Adviser,Grade 8,1,HR,CS,CS-HR-01,45000,E60004
60005,Broken,Grade 8,2,HR,CS,CS-HR-01,45000,E60005
"""


def test_hr_staff_run_bulk_moves_from_the_command_line(
    kafka_bootstrap: str,
    new_database: NewDatabase,
    topic_prefix: str,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    hr = start_services(
        ["hr"],
        kafka_bootstrap,
        topic_prefix,
        {"hr": new_database("hr")},
        artifacts,
        {"SCHEDULER_INTERVAL_S": "3600"},
    )["hr"]
    runner = CliRunner()
    env = {"ONECOUNCIL_TOKEN": token_for("hr_staff"), "ONECOUNCIL_HR_URL": hr.url, "COLUMNS": "200"}
    try:
        posts = tmp_path / "posts.csv"
        posts.write_text(CSV)
        loaded = runner.invoke(app, ["load-csv", str(posts)], env=env)
        assert loaded.exit_code == 0, loaded.output
        assert "line 6: fte: Input should be less than or equal to 1.5" in loaded.output

        numbers = tmp_path / "numbers.csv"
        numbers.write_text("post_number\n60001\n60004\n99999\n")
        propose = ["bulk", "propose", "--effective-date", "2027-04-01", "--reason", "centralise"]
        simulated = runner.invoke(app, [*propose, "--csv", str(numbers), "--simulate"], env=env)
        assert simulated.exit_code == 0, simulated.output
        assert "Simulated — nothing was changed" in simulated.output
        assert "post <post> is not in the post register" in simulated.output
        headers = {"Authorization": f"Bearer {env['ONECOUNCIL_TOKEN']}"}
        still = httpx.get(f"{hr.url}/posts/60001", headers=headers).json()
        assert still["stage"] == "in_department"

        by_filter = runner.invoke(
            app,
            [*propose, "--department", "CS", "--function", "FIN", "--chunk-size", "2"],
            env=env,
        )
        assert by_filter.exit_code == 0, by_filter.output
        assert "3/3" in by_filter.output  # the progress bar reached the end
        listed = httpx.get(f"{hr.url}/posts", params={"stage": "proposed"}, headers=headers)
        assert [p["post_number"] for p in listed.json()] == ["60001", "60002", "60003"]

        approve = runner.invoke(app, ["bulk", "approve", "--csv", str(numbers)], env=env)
        assert "post <post> has no transfer: propose one first" in approve.output
        assert "its consultation has not closed" in approve.output

        due = runner.invoke(app, ["take-effect-due"], env=env)
        assert due.exit_code == 0, due.output
        no_token = runner.invoke(app, ["take-effect-due"], env={**env, "ONECOUNCIL_TOKEN": ""})
        assert no_token.exit_code != 0
    finally:
        assert hr.stop() == 0
