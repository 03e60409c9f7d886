"""The board report page and its CSV: every table, each chart beside its table."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tests.support.board import TABLES, board_answer
from tests.unit.console.fakes import FakeApis, console, signed_in


def test_the_report_page_shows_every_table_with_its_chart_and_csv_link(tmp_path: Path) -> None:
    fakes = FakeApis()
    fakes.answer("GET", "/programme/board-report", board_answer())
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    page = client.get("/board", params={"as_of": "2027-09-30"})
    assert page.status_code == 200
    assert fakes.calls[-1].url.params["as_of"] == "2027-09-30"
    text = page.text
    assert "Programme report to Cabinet, as of 30 September 2027" in text
    for table in TABLES:
        assert f'data-table="{table}"' in text
        assert f'href="/board/{table}.csv?as_of=2027-09-30"' in text
    # Each chart is an image titled with where its figures are; its table follows it.
    assert len(re.findall(r'<svg class="app-board-chart" role="img"', text)) == 4
    assert text.index('id="waves-chart-title"') < text.index('data-table="waves"')
    assert "CAB/2027/14" in text and "slipped" in text
    assert '<th scope="row" class="govuk-table__header">Transfers stalled</th>' in text


def test_a_table_downloads_as_csv_with_the_apis_column_names(tmp_path: Path) -> None:
    fakes = FakeApis()
    fakes.answer("GET", "/programme/board-report", board_answer())
    client = signed_in(console(fakes, tmp_path), "finance_staff")
    answer = client.get("/board/savings.csv", params={"as_of": "2027-09-30"})
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows == [["team", "financial_year", "target", "realised", "gap"],
                    ["FIN", "2027/28", "900000", "310000", "590000"]]  # fmt: skip
    assert client.get("/board/nothing.csv").status_code == 404
