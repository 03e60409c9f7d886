"""The board report as of three dates: Workflow's figures (API) equal the auditor's, rebuilt
by `onecouncil audit replay --report board` from the same log alone (real Kafka)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app as audit_cli
from services.workflow.adapters.tables import messaging
from shared.events import finance, hr
from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support.events import (
    Council,
    Document,
    exercise_closed,
    exercise_opened,
    proposed,
    question_answered,
    question_asked,
    registered,
    whole_move,
)
from tests.support.outbox import until_published

pytestmark = pytest.mark.kafka
HR_STAFF = {"Authorization": f"Bearer {token_for('hr_staff', user_id='programme-office-1')}"}
AS_OF = ("2026-06-30", "2026-09-30", "2026-12-31")
WAVE = {
    "wave_id": "W1", "name": "Wave 1: Finance", "functions": ["FIN"], "departments": ["CS"],
    "consultation_starts_on": "2026-05-01", "approval_by": "2026-07-31",
    "effective_on": "2026-09-01", "target_saving": 120_000, "owner_role": "Director of Finance",
    "status": "in_progress",
}  # fmt: skip


def _decided(council: Council) -> list[Document]:
    """A post approved on the Cabinet's decision, not yet effective."""
    ids = {"post_number": "60009", "transfer_id": "T-60009"}
    day = date(2026, 8, 3)
    return [
        council.event(registered("60009", "FIN", "CS"), date(2026, 5, 1)),
        council.event(proposed("60009", "T-60009", date(2026, 12, 1)), date(2026, 5, 1)),
        council.event(hr.ConsultationOpened(**ids, opened_on=date(2026, 6, 1),
                                            closes_by=date(2026, 7, 1)), date(2026, 6, 1)),
        council.event(hr.ConsultationClosed(**ids, closed_on=date(2026, 7, 1),
                                            outcome="agreed"), date(2026, 7, 1)),
        council.event(hr.TransferApproved(**ids, target_team="FIN",
                                          effective_date=date(2026, 12, 1),
                                          decision_reference="CAB/2026/07", decision_date=day,
                                          decision_maker="cabinet"), day),
    ]  # fmt: skip


def _at_risk(council: Council) -> list[Document]:
    """A transfer proposed in May and never consulted on (stalled from July), and the
    decided post's exercise: a question open days before its close at the end of June."""
    exercise = "CX-60009"
    return [
        council.event(registered("60005", "FIN", "CS"), date(2026, 5, 1)),
        council.event(proposed("60005", "T-60005", date(2026, 12, 1)), date(2026, 5, 1)),
        council.event(exercise_opened(exercise, ("60009",), date(2026, 6, 1)), date(2026, 6, 1)),
        council.event(question_asked(exercise, "Q-1", date(2026, 6, 20)), date(2026, 6, 20)),
        council.event(question_answered(exercise, "Q-1", date(2026, 7, 1)), date(2026, 7, 1)),
        council.event(exercise_closed(exercise, date(2026, 7, 1)), date(2026, 7, 1)),
    ]  # fmt: skip


def _savings(council: Council) -> list[Document]:
    year = {"team": "FIN", "financial_year": "2026/27"}
    return [
        council.event(finance.SavingsTargetSet(**year, amount=100_000), date(2026, 4, 2)),
        council.event(finance.SavingsRealised(**year, amount=30_000), date(2026, 9, 1)),
        # A department's target (Finance keys it "department:CS") is not a team's: neither a
        # target nor a saving in the report.
        council.finance.document(
            finance.ProgrammeSavingsTargetSet(
                department="CS", financial_year="2026/27", amount=500_000
            ),
            "department:CS",
            actor_role="finance_staff",
        ),
    ]


async def _replayed(workflow: RunningWorkflow, as_of: str, out: Path) -> dict[str, Any]:
    arguments = ["replay", "--bootstrap", workflow.bootstrap, "--topic-prefix", workflow.prefix,
                 "--out", str(out), "--as-of", as_of, "--report", "board"]  # fmt: skip
    result = await asyncio.to_thread(CliRunner().invoke, audit_cli, arguments)
    assert result.exit_code in (0, 1), result.output
    report: dict[str, Any] = json.loads((out / "board.json").read_text())
    return report


async def test_the_board_report_as_of_three_dates_equals_the_audit_replays_figures(
    workflow: RunningWorkflow, tmp_path: Path
) -> None:
    council = workflow.council
    await workflow.send([
        *whole_move(council, "60001", "T-60001", date(2026, 5, 1)),  # moves 30 June
        *whole_move(council, "60002", "T-60002", date(2026, 7, 1)),  # moves 30 August
        *whole_move(council, "60003", "T-60003", date(2026, 9, 1)),  # moves 31 October
        council.event(registered("60004", "ICT", "PLACE"), date(2026, 5, 1)),  # in no wave
        *_decided(council),
        *_at_risk(council),
        *_savings(council),
    ])  # fmt: skip
    await workflow.until("/posts/60003", lambda r: r.json().get("stage") == "effective")
    await workflow.until("/posts/60009", lambda r: r.json().get("stage") == "approved")
    await workflow.until("/consultations/CX-60009",
                         lambda r: r.json().get("status") == "closed")  # fmt: skip
    await workflow.until("/savings/FIN?financial_year=2026/27",
                         lambda r: r.json().get("realised") == 30_000)  # fmt: skip
    planned = await workflow.client.post("/programme/waves", json=WAVE, headers=HR_STAFF)
    assert planned.status_code == 201, planned.text
    workflow.clock.now = datetime(2026, 8, 1, 9, 0, tzinfo=UTC)  # re-planned in August
    replan = {k: v for k, v in WAVE.items() if k != "wave_id"} | {
        "effective_on": "2026-11-01", "reason": "Consultation extended"}  # fmt: skip
    again = await workflow.client.post("/programme/waves/W1/replan", json=replan, headers=HR_STAFF)
    assert again.status_code == 200, again.text
    # The audit reads the log: the waves Workflow just recorded must have reached it.
    await until_published(workflow.app.state.runtime.engine, messaging.outbox)

    for as_of in AS_OF:
        answer = await workflow.client.get("/programme/board-report", params={"as_of": as_of})
        replayed = await _replayed(workflow, as_of, tmp_path / as_of)
        assert answer.json()["tables"] == replayed["tables"], as_of

    reports = {}
    for as_of in AS_OF[:2]:
        answer = await workflow.client.get("/programme/board-report", params={"as_of": as_of})
        reports[as_of] = answer.json()["tables"]
    june, september = reports[AS_OF[0]], reports[AS_OF[1]]
    assert june["consultations"]["rows"] == [
        ["CX-60009", "W1", "2026-06-01", "2026-07-01", 1, 1, 1, "questions_unanswered_near_close"]
    ]
    assert june["stalls"]["rows"] == [] and september["consultations"]["rows"] == []
    assert september["stalls"]["rows"] == [["60005", "W1", "CS", "proposed", "2026-05-01", 152, 60]]
    assert september["wave_savings"]["rows"] == [
        ["W1", "Wave 1: Finance", "2026/27", 120_000, 30_000, 90_000]
    ]
    headline = dict(september["headline"]["rows"])
    assert (headline["posts_in_waves"], headline["posts_moved"]) == (5, 2)
    assert (headline["transfers_stalled"], headline["consultations_at_risk"]) == (1, 0)
    assert (headline["savings_target"], headline["savings_realised"]) == (100_000, 30_000)
    assert september["decisions"]["rows"] == [["CAB/2026/07", "2026-08-03", "cabinet", 1]]
    assert september["waves"]["rows"][0][2] == 2  # plan v2 in force by then
