"""The board report as one workbook (XLSX), from the CLI (`--xlsx`) and the console's
download link: opened with openpyxl, its sheets and figures are the JSON report's."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from services.console.entrypoints import report_cli
from tests.support.board import TABLES, board_answer
from tests.unit.console.fakes import FakeApis, console, signed_in


def _sheets(workbook: bytes) -> dict[str, dict[str, Any]]:
    """Each sheet as the JSON report holds a table: headers, then rows."""
    book = load_workbook(io.BytesIO(workbook), read_only=True)
    found: dict[str, dict[str, Any]] = {}
    for sheet in book.worksheets:
        # A spreadsheet keeps an empty text as an empty cell: read it back as "".
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        found[sheet.title] = {"headers": rows[0], "rows": rows[1:]}
    return found


def test_the_cli_writes_every_table_as_a_sheet_with_the_json_reports_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_cli, "fetch_report", lambda url, token, as_of: board_answer())
    result = CliRunner().invoke(
        report_cli.app, ["board", "--as-of", "2027-09-30", "--out", str(tmp_path), "--xlsx"]
    )
    assert result.exit_code == 0, result.output
    workbook = tmp_path / "board.xlsx"
    assert f"wrote {workbook}" in result.output
    figures = json.loads((tmp_path / "board.json").read_text())["tables"]
    sheets = _sheets(workbook.read_bytes())
    assert list(sheets) == list(TABLES)
    assert sheets == figures
    headline = dict(sheets["headline"]["rows"])
    assert (headline["savings_target"], headline["savings_realised"]) == (900_000, 310_000)
    title = load_workbook(workbook).properties.title
    assert title == "Programme report to Cabinet, as of 2027-09-30"


def test_the_console_offers_the_workbook_of_the_report_it_shows(tmp_path: Path) -> None:
    fakes = FakeApis()
    fakes.answer("GET", "/programme/board-report", board_answer())
    client = signed_in(console(fakes, tmp_path), "auditor")
    page = client.get("/board", params={"as_of": "2027-09-30"})
    assert 'href="/board.xlsx?as_of=2027-09-30"' in page.text
    answer = client.get("/board.xlsx", params={"as_of": "2027-09-30"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="board-2027-09-30.xlsx"' in answer.headers["content-disposition"]
    assert fakes.calls[-1].url.params["as_of"] == "2027-09-30"
    assert _sheets(answer.content) == board_answer()["tables"]
