"""The consultation controls on the real broker: a built log (hr.posts and hr.consultations)
written to the topics, replayed by the CLI, with the policy minimum as the auditor's option.

The same controls on a log written by HR's own endpoints is issue 15's next step (see the
report); this proves the replay reads `hr.consultations` and routes its events to the checks.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app
from tests.integration.audit.kafka_history import write_history
from tests.support.events import (
    exercise_closed,
    exercise_opened,
    question_asked,
    scope_proposed,
)
from tests.unit.audit.scenario import History

pytestmark = pytest.mark.kafka
OPENED = date(2026, 3, 2)


def _every_violation() -> History:
    """One of each: a 20-day exercise of 20 at-risk posts without HR1 and with a question
    never answered, closed not agreed and approved anyway; a post out of scope proposed."""
    history = History()
    for post in ("50001", "50003"):
        history.register(post, "CS", 40_000, date(2026, 1, 5))
    at_risk = ("50001", *(f"7{n:04}" for n in range(19)))
    closed = date(2026, 3, 22)
    history.propose("50001", "T-1", date(2026, 3, 1), date(2026, 7, 1))
    history.emit(exercise_opened("CX-1", at_risk, OPENED, 20, at_risk=at_risk), OPENED)
    history.open_consultation("50001", "T-1", OPENED, closed, exercise="CX-1")
    history.emit(question_asked("CX-1", "Q-1"), date(2026, 3, 9))
    history.emit(exercise_closed("CX-1", closed, "not_agreed"), closed)
    history.close_consultation("50001", "T-1", closed, "not_agreed", exercise="CX-1")
    history.approve("50001", "T-1", date(2026, 3, 23), date(2026, 7, 1))
    history.emit(scope_proposed("50003", "out_of_scope"), date(2026, 2, 1))
    history.propose("50003", "T-3", date(2026, 3, 1), date(2026, 7, 1))
    return history


def test_each_consultation_violation_written_to_the_broker_is_caught_by_the_replay(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    write_history(kafka_bootstrap, topic_prefix, _every_violation().messages)
    arguments = ["replay", "--bootstrap", kafka_bootstrap, "--topic-prefix", topic_prefix]
    result = CliRunner().invoke(
        app, [*arguments, "--out", str(tmp_path), "--consultation-minimum-days", "14"]
    )
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "report.json").read_text())
    found = sorted((f["rule"], f["aggregate"]) for f in report["findings"])
    assert found == [
        ("approved_after_not_agreed_without_decision", "post/50001"),
        ("collective_threshold_without_hr1", "exercise/CX-1"),
        ("consultation_shorter_than_required", "exercise/CX-1"),
        ("exercise_closed_with_questions_unanswered", "exercise/CX-1"),
        ("transfer_of_post_out_of_scope", "post/50003"),
    ]
    short = next(f for f in report["findings"] if f["rule"] == "consultation_shorter_than_required")
    # 14 days of policy and 20 of its own clock were kept; the statute's 30 were not.
    assert "the statutory collective rule requires at least 30 days" in short["message"]
    assert "policy" not in short["message"].split("too early for")[1]
    assert short["events"][0]["topic"] == f"{topic_prefix}hr.consultations"
