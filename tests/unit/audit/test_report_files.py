"""The report is written as JSON and CSV files an auditor can open."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from services.audit.adapters.report_files import write_report
from tests.unit.audit.helpers import replay_messages
from tests.unit.audit.scenario import History, clean_history


def test_report_json_and_csvs_hold_findings_with_their_locations(tmp_path: Path) -> None:
    history = clean_history()
    history.messages[3].document["payload"]["annual_cost"] = 1  # altered
    report = replay_messages(history.messages, as_of=date(2026, 3, 15))
    paths = write_report(report, tmp_path / "out")
    assert [p.name for p in paths] == ["report.json", "findings.csv", "posts.csv"]
    document = json.loads(paths[0].read_text())
    assert document["clean"] is False
    assert document["as_of"] == "2026-03-15"
    assert document["findings"][0]["rule"] == "altered"
    assert document["findings"][0]["events"][0]["offset"] == 3
    rows = list(csv.DictReader(paths[1].open()))
    assert rows[0]["rule"] == "altered" and rows[0]["topic"] == "hr.posts"
    assert rows[0]["offset"] == "3"
    posts = list(csv.DictReader(paths[2].open()))
    assert {row["post_number"]: row["stage"] for row in posts}["20004"] == "in_consultation"


def test_an_empty_log_writes_an_empty_but_valid_report(tmp_path: Path) -> None:
    report = replay_messages(History().messages)
    write_report(report, tmp_path)
    assert json.loads((tmp_path / "report.json").read_text())["events_read"] == 0
