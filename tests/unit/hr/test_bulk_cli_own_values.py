"""`onecouncil hr bulk change-date|reject|cancel`: each CSV line goes with its own values,
in chunks with keys of the run's key, and a bad line stops the run before anything is sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from services.hr.entrypoints import cli


class FakeHr:
    """HR's answers to bulk requests (every row done), and the requests it was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[dict[str, Any], str]] = []

    def bulk(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        self.sent.append((body, key))
        rows = body.get("rows") or [{"post_number": n} for n in body.get("post_numbers", [])]
        done = [{"post_number": r["post_number"], "outcome": "done", "reason": ""} for r in rows]
        return {"run_id": f"B-{len(self.sent)}", "rows": done, "resumed": False}


@pytest.fixture
def hr(monkeypatch: pytest.MonkeyPatch) -> FakeHr:
    fake = FakeHr()
    monkeypatch.setattr(cli, "_client", lambda url, token: fake)
    return fake


def invoke(*arguments: str) -> Any:
    arguments = ("bulk", *arguments, "--token", "t", "--key", "k")
    return CliRunner().invoke(cli.app, arguments, env={"COLUMNS": "400"})  # no wrapped lines


def test_each_line_goes_with_its_own_date_line_manager_and_reason_in_chunks(
    hr: FakeHr, tmp_path: Path
) -> None:
    csv = tmp_path / "dates.csv"
    csv.write_text(
        "post_number,effective_date,reports_to,reason\n"
        "10001,2027-05-01,901,team ready later\n"
        "10002,,,\n"
        "10003,2027-07-01,,\n"
    )
    result = invoke(
        "change-date", "--csv", str(csv), "--effective-date", "2027-06-01", "--chunk-size", "2"
    )
    assert result.exit_code == 0, result.output
    assert [key for _, key in hr.sent] == ["k-0", "k-1"]
    first, second = (body for body, _ in hr.sent)
    assert first["action"] == "change_effective_date"
    assert first["effective_date"] == "2027-06-01"
    assert first["rows"] == [
        {
            "post_number": "10001",
            "effective_date": "2027-05-01",
            "reports_to": "901",
            "reason": "team ready later",
        },
        {"post_number": "10002", "effective_date": None, "reports_to": None, "reason": ""},
    ]
    assert second["rows"][0]["effective_date"] == "2027-07-01"
    assert "post_numbers" not in first


def test_a_bad_line_is_named_with_its_number_and_nothing_is_sent(
    hr: FakeHr, tmp_path: Path
) -> None:
    csv = tmp_path / "rejects.csv"
    csv.write_text("post_number,reason\n10001,not in this wave\n10002,\n")
    result = invoke("reject", "--csv", str(csv))
    assert result.exit_code == 2
    assert "line 3 (post 10002): no reason" in result.output
    assert hr.sent == []


def test_a_cancel_of_a_bare_list_of_posts_is_simulated_with_the_runs_reason(
    hr: FakeHr, tmp_path: Path
) -> None:
    csv = tmp_path / "cancel.csv"
    csv.write_text("10001\n10002\n")
    result = invoke("cancel", "--csv", str(csv), "--reason", "proposed in error", "--simulate")
    assert result.exit_code == 0, result.output
    (body, _), *_ = hr.sent
    assert body["simulate"] is True and body["reason"] == "proposed in error"
    assert [row["post_number"] for row in body["rows"]] == ["10001", "10002"]
    assert "Simulating cancel" in result.output and "Simulated — nothing was" in result.output
