"""Reporting lines were added to transfer events additively: the log from before reads on."""

from __future__ import annotations

import json
from pathlib import Path

from shared.events import hr
from shared.events.catalogue import read_document

EXAMPLES = Path(__file__).parent / "examples"


def _read(name: str) -> object:
    return read_document(json.loads((EXAMPLES / name).read_text())).payload


def test_a_transfer_proposed_before_reporting_lines_reads_with_no_line_manager() -> None:
    proposed = _read("TransferProposed.v1.json")
    assert isinstance(proposed, hr.TransferProposed)
    assert proposed.line_manager is None
    assert "line_manager" not in proposed.model_fields_set


def test_a_transfer_effective_before_reporting_lines_says_nothing_about_the_line() -> None:
    effective = _read("TransferEffective.v1.json")
    assert isinstance(effective, hr.TransferEffective)
    assert effective.reports_to is None
    assert "reports_to" not in effective.model_fields_set


def test_an_effective_date_change_from_before_lines_names_no_new_line_manager() -> None:
    changed = _read("EffectiveDateChanged.v1.json")
    assert isinstance(changed, hr.EffectiveDateChanged)
    assert changed.line_manager is None
    assert "line_manager" not in changed.model_fields_set
