"""HR is killed (SIGKILL) in the middle of a bulk run, paused by the `bulk.chunk_committed`
fault point right after its first chunk committed (never by racing the clock). The
restarted HR reports the run interrupted with what was done and what remains; the same key
and body resume it: no row done twice, one transfer and one TransferProposed per post, the
run finished with a complete report (through the API and `onecouncil hr bulk report`)."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from services.hr.adapters.bulk_runs import users_key
from services.hr.adapters.tables import bulk_run_rows, bulk_runs, messaging, transfers
from services.hr.application.bulk import ROWS_PER_CHUNK
from services.hr.entrypoints.cli import app
from shared.demo import generate_posts
from shared.persistence.engine import make_engine
from tests.conftest import token_for
from tests.support.databases import NewDatabase
from tests.support.services import (
    ServiceProcess,
    armed_at,
    post_bulk_while_killed,
    start_services,
    wait_paused_at,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.kafka
POSTS = 1000  # four chunks of 250, one at a time
# Loading the posts commits POSTS / ROWS_PER_CHUNK chunks first; the run's first is next.
FIRST_RUN_CHUNK = f"bulk.chunk_committed@{-(-POSTS // ROWS_PER_CHUNK) + 1}"
KEY = "resume-after-kill"
STORED_KEY = users_key("tester", KEY)  # keys are stored per user (token_for's user)
COLUMNS = "post_number title grade fte function department cost_centre annual_cost employee_ref"


def _csv() -> str:
    lines = [",".join(COLUMNS.split())]
    lines += [
        ",".join(str(getattr(p, c) or "") for c in COLUMNS.split())
        for p in generate_posts(2026, POSTS)
    ]
    return "\n".join(lines) + "\n"


def _kept_rows(engine: Engine) -> int:
    query = (
        select(func.count())
        .select_from(bulk_run_rows.join(bulk_runs, bulk_run_rows.c.run_id == bulk_runs.c.run_id))
        .where(bulk_runs.c.idempotency_key == STORED_KEY)
    )
    with engine.connect() as connection:
        return int(connection.scalar(query) or 0)


def test_a_bulk_run_killed_mid_way_is_reported_interrupted_and_resumes_where_it_stopped(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> None:
    database_url = new_database("hr")
    engine = make_engine(database_url)
    token = token_for("hr_staff")
    headers = {"Authorization": f"Bearer {token}"}
    env = {"SCHEDULER_INTERVAL_S": "3600", "BULK_WORKERS": "1", "BULK_HEARTBEAT_S": "0.5"}

    marker = artifacts / "fault-marker"

    def start(**faults: str) -> ServiceProcess:
        return start_services(
            ["hr"], kafka_bootstrap, topic_prefix, {"hr": database_url}, artifacts,
            {**env, **faults},
        )["hr"]  # fmt: skip

    hr = start(**armed_at(marker, FIRST_RUN_CHUNK))
    loaded = httpx.post(
        f"{hr.url}/posts/csv",
        content=_csv(),
        timeout=120,
        headers={**headers, "Content-Type": "text/csv"},
    )
    assert loaded.json()["totals"]["done"] == POSTS
    numbers = [str(10001 + i) for i in range(POSTS)]
    body = {
        "action": "propose",
        "post_numbers": numbers,
        "effective_date": "2027-04-01",
        "reason": "centralise",
    }
    bulk = threading.Thread(target=post_bulk_while_killed, args=(hr.url, headers, body, KEY))
    bulk.start()
    wait_paused_at(marker, FIRST_RUN_CHUNK)  # the first chunk has committed: kill
    hr.kill()
    bulk.join()
    done_before = _kept_rows(engine)
    assert done_before == ROWS_PER_CHUNK, "the kill came right after the first chunk"
    with engine.connect() as connection:
        run_id = connection.scalar(
            select(bulk_runs.c.run_id).where(bulk_runs.c.idempotency_key == STORED_KEY)
        )
        kept_before = dict(
            connection.execute(
                select(bulk_run_rows.c.post_number, bulk_run_rows.c.transfer_id).where(
                    bulk_run_rows.c.run_id == run_id
                )
            ).all()
        )

    hr = start()
    try:
        interrupted = _until_interrupted(hr.url, headers, str(run_id))
        assert interrupted["totals"]["done"] == done_before
        assert interrupted["remaining"] == POSTS - done_before
        assert set(interrupted["remaining_post_numbers"]) == set(numbers) - set(kept_before)
        runner = CliRunner()
        cli_env = {"ONECOUNCIL_TOKEN": token, "ONECOUNCIL_HR_URL": hr.url, "COLUMNS": "200"}
        shown = runner.invoke(app, ["bulk", "report", str(run_id)], env=cli_env)
        assert shown.exit_code == 0, shown.output
        assert f"Bulk run {run_id} (propose): interrupted" in shown.output
        assert f"Remaining: {POSTS - done_before} rows not done yet" in shown.output

        resumed = httpx.post(
            f"{hr.url}/bulk/transfers",
            json=body,
            timeout=120,
            headers={**headers, "Idempotency-Key": KEY},
        )
        assert resumed.status_code == 200, resumed.text
        report = resumed.json()
        assert (report["run_id"], report["status"], report["resumed"]) == (
            run_id,
            "finished",
            True,
        )
        assert report["totals"] == {"rows": POSTS, "done": POSTS, "refused": 0, "error": 0}
        assert report["remaining"] == 0
        assert [r["post_number"] for r in report["rows"]] == numbers
        ids = {r["post_number"]: r["transfer_id"] for r in report["rows"]}
        assert {n: ids[n] for n in kept_before} == kept_before, "rows done before not re-run"
        again = httpx.post(
            f"{hr.url}/bulk/transfers", json=body, headers={**headers, "Idempotency-Key": KEY}
        ).json()
        assert (again["replayed"], again["rows"]) == (True, report["rows"])
        shown = runner.invoke(app, ["bulk", "report", str(run_id)], env=cli_env)
        assert f"Bulk run {run_id} (propose): finished" in shown.output
        assert "Remaining" not in shown.output
    finally:
        assert hr.stop() == 0

    with engine.connect() as connection:
        per_post = Counter(connection.scalars(select(transfers.c.post_number)))
        events = [json.loads(b) for b in connection.scalars(select(messaging.outbox.c.body))]
    engine.dispose()
    assert per_post == Counter(numbers), "every post has exactly one transfer"
    proposed = Counter(e["aggregate_id"] for e in events if e["event_type"] == "TransferProposed")
    assert proposed == Counter(numbers), "one TransferProposed per post: none lost, none twice"
    (artifacts / "resume.txt").write_text(f"done_before_kill={done_before} of {POSTS}\n")


def _until_interrupted(url: str, headers: dict[str, str], run_id: str) -> dict[str, Any]:
    # The killed process's heartbeat must go stale first (six beats of 0.5 s).
    def report() -> dict[str, Any]:
        found: dict[str, Any] = httpx.get(f"{url}/bulk/transfers/{run_id}", headers=headers).json()
        assert found["status"] in ("running", "interrupted"), found
        return found

    return eventually(report, lambda r: r["status"] == "interrupted", what="run interrupted")
