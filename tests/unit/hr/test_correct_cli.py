"""`onecouncil hr correct`: field=value pairs become the API's corrected values."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from services.hr.entrypoints.cli import app
from services.hr.entrypoints.cli_client import HrClient
from services.hr.entrypoints.cli_corrections import corrected_values

EVENT = "0190c0de-0000-7000-8000-000000000001"


def test_values_are_read_as_the_api_takes_them() -> None:
    assert corrected_values(["department=ASCH", "annual-cost=43000", "fte=0.5", "reports_to="]) == {
        "department": "ASCH",
        "annual_cost": 43_000,
        "fte": 0.5,
        "reports_to": None,
    }
    with pytest.raises(typer.BadParameter, match="'grade' is not field=value"):
        corrected_values(["grade"])
    with pytest.raises(typer.BadParameter, match="annual_cost must be a number"):
        corrected_values(["annual_cost=lots"])


def test_the_command_sends_the_correction_and_says_it_is_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[tuple[str, dict[str, Any]]] = []

    def correct(_: HrClient, post_number: str, body: dict[str, Any]) -> dict[str, Any]:
        sent.append((post_number, body))
        return {"post_number": post_number}

    monkeypatch.setattr(HrClient, "correct", correct)
    arguments = ["correct", "10423", "--event", EVENT, "--set", "department=ASCH"]
    arguments += ["--reason", "wrong department", "--decided-by", "Head of HR", "--token", "t"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert f"Post 10423's event {EVENT} is corrected." in result.output
    assert sent == [
        (
            "10423",
            {
                "corrects_event_id": EVENT,
                "values": {"department": "ASCH"},
                "reason": "wrong department",
                "decided_by": "Head of HR",
            },
        )
    ]
