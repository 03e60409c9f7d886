"""`onecouncil report board --pdf`: the report printed by headless Chromium reads as the
board's report (pdftotext), and a picture of page 1 is kept in test-artifacts/board/."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.console.adapters.pdf import DEFAULT_CHROMIUM
from services.console.entrypoints import report_cli
from tests.conftest import ARTIFACTS
from tests.support.board import board_answer


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found or not Path(DEFAULT_CHROMIUM).exists():
        pytest.fail(f"needs Debian's chromium and poppler-utils ({name}): run "
                    "`make test-prerequisites`")  # fmt: skip
    return found


def test_the_board_report_prints_to_a_pdf_with_its_pages_and_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_cli, "fetch_report", lambda url, token, as_of: board_answer())
    result = CliRunner().invoke(
        report_cli.app, ["board", "--as-of", "2027-09-30", "--out", str(tmp_path), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "board.pdf"
    assert f"wrote {pdf}" in result.output
    assert sorted(p.name for p in tmp_path.glob("board-*.csv")) == [
        "board-consultations.csv", "board-decisions.csv", "board-headline.csv",
        "board-risks.csv", "board-savings.csv", "board-slipped.csv", "board-stalls.csv",
        "board-trend.csv", "board-wave_savings.csv", "board-waves.csv",
    ]  # fmt: skip

    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
                .split()[1])  # fmt: skip
    assert 2 <= pages <= 12
    first = subprocess.run([_tool("pdftotext"), "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "Programme report to Cabinet, as of 30 September 2027" in first
    assert "Headline progress" in first
    text = subprocess.run([_tool("pdftotext"), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    for words in (
        "Planned against actual, by wave",
        "Wave 1: Finance and ICT",
        "Savings against targets, by team and year",
        "590,000",
        "Decisions taken in the period",
        "CAB/2027/14",
        "Posts moved, week by week",
    ):
        assert words in text, words  # fmt: skip

    folder = ARTIFACTS / "board"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1",
                    "-singlefile", str(pdf), str(folder / "page-1")], check=True)  # fmt: skip
    shutil.copy(pdf, folder / "board.pdf")
    assert (folder / "page-1.png").stat().st_size > 5_000
