"""CSV that a spreadsheet opens as data, never as formulas.

A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel and LibreOffice (CSV injection); reasons and titles come from people, so every text
cell that starts so is written with a leading apostrophe, which spreadsheets show as text.
Numbers stay numbers, negative ones included.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """The value as a CSV cell that cannot run as a formula."""
    formula = isinstance(value, str) and value.startswith(FORMULA_START)
    if formula and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_rows(file: TextIO, columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """A header and the rows, each text cell made spreadsheet-safe; extra keys ignored."""
    writer = csv.DictWriter(file, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in rows)
