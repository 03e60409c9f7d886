"""`onecouncil hr personal-data|erase|purge-personal-data`: the requests they send to HR's
API and what they tell the officer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from services.hr.entrypoints.cli import app
from services.hr.entrypoints.cli_client import HrClient

ANSWERS: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/employees/E00001/personal-data"): {"employee_ref": "E00001", "posts_held": []},
    ("POST", "/employees/E00001/erasure"): {"key_id": "9f2c", "posts": ["10423"]},
    ("POST", "/personal-data/purge"): {"newly_left": 2, "erased": [{}], "bulk_runs_cleared": 0},
}


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, Any]]:
    calls: list[tuple[str, str, Any]] = []

    def call(_: HrClient, method: str, path: str, **options: Any) -> dict[str, Any]:
        calls.append((method, path, options.get("json")))
        return ANSWERS[(method, path)]

    monkeypatch.setattr(HrClient, "call", call)
    return calls


def invoke(*arguments: str) -> str:
    result = CliRunner().invoke(app, [*arguments, "--token", "t"])
    assert result.exit_code == 0, result.output
    return result.output


def test_subject_access_prints_what_hr_holds_as_json(sent: list[Any]) -> None:
    assert json.loads(invoke("personal-data", "E00001"))["employee_ref"] == "E00001"
    assert sent == [("GET", "/employees/E00001/personal-data", None)]


def test_erase_sends_the_request_reference_and_names_the_key_destroyed(sent: list[Any]) -> None:
    said = invoke("erase", "E00001", "--request-reference", "DPR-2027-014")
    assert sent == [("POST", "/employees/E00001/erasure", {"request_reference": "DPR-2027-014"})]
    assert "erased (key 9f2c); post streams told: 10423." in " ".join(said.split())


def test_purge_says_what_the_retention_schedule_did(sent: list[Any]) -> None:
    said = " ".join(invoke("purge-personal-data").split())
    assert said == (
        "2 newly noted as holding no post; 1 leavers erased; 0 bulk runs' values cleared."
    )
