"""A CSV the system writes opens in a spreadsheet as data, never as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from shared.safe_csv import spreadsheet_safe, write_rows


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("-1250.50", "-1250.50"),  # a negative amount is a number, not a formula
        ("Post 34001 moved", "Post 34001 moved"),
        (-3, -3),
        (None, None),
    ],
)
def test_cells_that_would_run_as_formulas_are_written_as_text(
    cell: object, written: object
) -> None:
    assert spreadsheet_safe(cell) == written


def test_rows_are_written_safe_with_a_header_and_extra_keys_ignored() -> None:
    out = io.StringIO()
    write_rows(out, ["post", "reason"], [{"post": "34001", "reason": "=1+1", "extra": "x"}])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["post", "reason"],
        ["34001", "'=1+1"],
    ]
