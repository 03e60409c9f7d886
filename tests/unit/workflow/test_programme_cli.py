"""`onecouncil programme wave ...` sends the plan the officer typed and prints the answer."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from services.workflow.entrypoints import programme_cli


class FakeWorkflow:
    """Workflow's answers, and what the CLI asked it."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def call(self, method: str, path: str, **options: Any) -> Any:
        self.calls.append((method, path, options))
        return self.answer

    def __enter__(self) -> FakeWorkflow:
        return self

    def __exit__(self, *_: object) -> None:
        return None


def test_plan_sends_the_wave_and_prints_its_plan_version(monkeypatch: pytest.MonkeyPatch) -> None:
    workflow = FakeWorkflow({"wave_id": "W1", "plan_version": 1})
    monkeypatch.setattr(programme_cli, "client", lambda url, token: workflow)
    result = CliRunner().invoke(programme_cli.app, [
        "wave", "plan", "W1", "--name", "Wave 1: Finance and ICT", "--function", "FIN",
        "--function", "ICT", "--consultation-starts", "2027-01-11", "--approval-by",
        "2027-03-01", "--effective-on", "2027-04-01", "--target-saving", "1200000",
        "--owner-role", "Director of Finance", "--token", "t",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "W1 planned (plan v1)"
    method, path, options = workflow.calls[0]
    assert (method, path) == ("POST", "/programme/waves")
    assert options["json"]["functions"] == ["FIN", "ICT"]
    assert options["json"]["departments"] == []


def test_show_prints_every_plan_version_and_each_milestone(monkeypatch: pytest.MonkeyPatch) -> None:
    version = {"version": 1, "consultation_starts_on": "2027-01-11", "approval_by": "2027-03-01",
               "effective_on": "2027-04-01", "target_saving": 1_200_000, "reason": ""}  # fmt: skip
    later = {**version, "version": 2, "effective_on": "2027-06-01", "reason": "unions asked"}
    milestone = {"milestone": "approved", "planned_on": "2027-03-01", "posts_reached": 37,
                 "posts_in_wave": 40, "status": "slipped"}  # fmt: skip
    plan = {"name": "Wave 1", "owner_role": "Director of Finance"}
    answer = {"wave_id": "W1", "plan": plan, "plan_versions": [version, later],
              "progress": {"milestones": [milestone]}}  # fmt: skip
    monkeypatch.setattr(programme_cli, "client", lambda url, token: FakeWorkflow(answer))
    result = CliRunner().invoke(programme_cli.app, ["wave", "show", "W1", "--token", "t"])
    assert result.exit_code == 0, result.output
    assert "plan v1: consultation 2027-01-11, approval 2027-03-01, effective 2027-04-01" in (
        result.output
    )
    assert "plan v2:" in result.output and "unions asked" in result.output
    assert "approved: planned 2027-03-01, 37 of 40 posts, slipped" in result.output
