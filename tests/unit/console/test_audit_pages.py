"""Auditors replay the log from the console: ask, read the findings, download the files."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from services.console.adapters.replays import ReplayAsked, ReplayFailed, Replays
from tests.unit.console.fakes import FakeApis, console, csrf_of, signed_in

FINDING = {"kind": "control", "rule": "approved_by_its_proposer", "aggregate": "post/10423",
           "message": "post 10423: transfer T-1 was proposed and approved by the same officer, "
           "hr-1", "events": [{"event_id": "e-1", "event_type": "TransferApproved",
           "topic": "hr.posts", "partition": 0, "offset": 7,
           "aggregate": "post/10423"}]}  # fmt: skip


class WrittenReplays(Replays):
    """Writes the report a replay of the log would, without the log."""

    asked: list[ReplayAsked]

    async def run(self, asked: ReplayAsked, auditor: str) -> str:
        self.asked = [*getattr(self, "asked", []), asked]
        if asked.post_number == "99999":
            raise ReplayFailed("could not reach Kafka at kafka:9092")
        run_id = "R-0123456789ab"
        out = self.folder / run_id
        out.mkdir(parents=True, exist_ok=True)
        report = {"clean": False, "events_read": 120, "events_in_scope": 9, "checks": ["a"] * 15,
                  "findings": [FINDING]}  # fmt: skip
        (out / "report.json").write_text(json.dumps(report))
        (out / "findings.csv").write_text("kind,rule\ncontrol,approved_by_its_proposer\n")
        (out / "asked.json").write_text(json.dumps(asked.__dict__, default=str))
        self._owners[run_id] = auditor
        return run_id


def _auditor(tmp_path: Path, role: str = "auditor") -> tuple[TestClient, WrittenReplays]:
    client = signed_in(console(FakeApis(), tmp_path), role)
    replays = WrittenReplays(bootstrap="kafka:9092", topic_prefix="", folder=tmp_path / "runs")
    client.app.state.console.replays = replays  # type: ignore[attr-defined]
    return client, replays


def test_an_auditor_replays_a_department_over_a_period_and_reads_and_downloads_findings(
    tmp_path: Path,
) -> None:
    client, replays = _auditor(tmp_path)
    page = client.get("/audit").text
    assert 'href="/audit" aria-current="true"' in page
    form = {"csrf_token": csrf_of(page), "from_date-day": "1", "from_date-month": "4",
            "from_date-year": "2026", "department": "CS"}  # fmt: skip
    answer = client.post("/audit", data=form)
    assert answer.headers["location"] == "/audit/R-0123456789ab"
    assert replays.asked[-1].arguments() == ["--from-date", "2026-04-01", "--department", "CS"]
    found = client.get("/audit/R-0123456789ab").text
    assert "1 finding" in found and "proposed and approved by the same officer" in found
    assert "hr.posts[0]@7" in found and "Children" in found
    csv = client.get("/audit/R-0123456789ab/findings.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "approved_by_its_proposer" in csv.text
    assert "attachment" in csv.headers["content-disposition"]


def test_a_replay_asked_wrongly_or_failing_says_why_and_runs_nothing_else(tmp_path: Path) -> None:
    client, replays = _auditor(tmp_path)
    token = csrf_of(client.get("/audit").text)
    backwards = {"csrf_token": token, "from_date-day": "2", "from_date-month": "4",
                 "from_date-year": "2026", "to_date-day": "1", "to_date-month": "4",
                 "to_date-year": "2026", "post_number": "10-4"}  # fmt: skip
    page = client.post("/audit", data=backwards)
    assert page.status_code == 400
    assert "The last day must be on or after the first day" in page.text
    assert "Enter a post number in digits" in page.text
    assert not hasattr(replays, "asked")
    failed = client.post("/audit", data={"csrf_token": token, "post_number": "99999"})
    assert failed.status_code == 400 and "could not reach Kafka at kafka:9092" in failed.text


def test_only_auditors_replay_and_only_their_own_runs_are_read(tmp_path: Path) -> None:
    lead, _ = _auditor(tmp_path, "finance_staff")
    assert lead.get("/audit").status_code == 403
    client, _ = _auditor(tmp_path)
    assert client.get("/audit/R-0123456789ab").status_code == 404  # never run, or not theirs
    assert client.get("/audit/R-0123456789ab/../../etc/passwd").status_code == 404
