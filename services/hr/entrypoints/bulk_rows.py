"""Rows with values of their own for a bulk run, as HR officers write them in a CSV:
`post_number,effective_date,reports_to,reason` under a header row naming the columns (any may
be left out, or left empty on a line, where the run's own value should stand).

Every row is checked before any is run, and each bad one is named with its line (or row)
number and what is wrong with it: a run never starts on rows that are half right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date

from services.hr.application.bulk import ROW_VALUES, RowValues
from services.hr.entrypoints.posts_csv import POST_NUMBER, CsvUnreadable, readable, rows_of
from shared.free_text import honest_text

COLUMNS = ("post_number", "effective_date", "reports_to", "reason")
DOING = {
    "change_effective_date": "change effective dates",
    "reject": "reject transfers",
    "cancel": "cancel transfers",
}
MAX_SHOWN = 20
MAX_REASON = 2000


class RowsRefused(CsvUnreadable):
    """Rows that cannot be used (422), each named with its number and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        shown = "; ".join(problems[:MAX_SHOWN])
        more = f"; and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
        rows = "1 row" if len(problems) == 1 else f"{len(problems)} rows"
        super().__init__(f"{rows} cannot be used, so nothing was done: {shown}{more}")
        self.problems = problems


def read_rows(text: str, action: str, run: RowValues) -> tuple[list[str], list[RowValues]]:
    """Post numbers and each line's own values; `RowsRefused` naming every bad line."""
    reader = csv.reader(io.StringIO(readable(text)))
    lines = [
        (line, [cell.strip() for cell in row])
        for line, row in rows_of(reader)
        if any(cell.strip() for cell in row)
    ]
    if not lines:
        return [], []
    header = [cell.lower() for cell in lines[0][1]]
    if "post_number" in header:
        unknown = [name for name in header if name not in COLUMNS]
        if unknown:
            raise CsvUnreadable(
                f"line {lines[0][0]}: {unknown[0][:40]!r} is not a column a bulk run reads "
                f"(the columns are {', '.join(COLUMNS)})"
            )
        body = lines[1:]
    elif all(len(cells) == 1 for _, cells in lines):
        header, body = ["post_number"], lines  # a bare list of post numbers
    else:
        raise CsvUnreadable(
            f"line {lines[0][0]}: the CSV needs a header row naming its columns, e.g. "
            + ",".join(COLUMNS)
        )
    numbers: list[str] = []
    values: list[RowValues] = []
    problems: list[str] = []
    for line, cells in body:
        given = dict(zip(header, cells, strict=False))
        try:
            number, own = _row(given)
            check_row(action, own, run)
        except ValueError as problem:
            post = f" (post {given['post_number']})" if _is_post(given) else ""
            problems.append(f"line {line}{post}: {problem}")
            continue
        numbers.append(number)
        values.append(own)
    if problems:
        raise RowsRefused(problems)
    return numbers, values


def check_rows(
    action: str, numbers: Sequence[str], values: Sequence[RowValues | None], run: RowValues
) -> None:
    """`RowsRefused` naming every row (by its place, from 1) that cannot be run as given."""
    problems: list[str] = []
    for index, (number, own) in enumerate(zip(numbers, values, strict=True), start=1):
        try:
            check_row(action, own or RowValues(), run)
        except ValueError as problem:
            problems.append(f"row {index} (post {number}): {problem}")
    if problems:
        raise RowsRefused(problems)


def check_row(action: str, own: RowValues, run: RowValues) -> None:
    """A row gives only the values its action uses, and has (or takes the run's) the ones
    it needs: a date to move to; a reason to reject or cancel."""
    for name in ("effective_date", "reports_to", "reason"):
        if getattr(own, name) and name not in ROW_VALUES.get(action, ()):
            raise ValueError(
                f"{name} is not used to {DOING.get(action, action)}: leave that column empty"
            )
    if action == "change_effective_date" and not (own.effective_date or run.effective_date):
        raise ValueError("no effective date: give one in its column, or one for the whole run")
    if action in ("reject", "cancel") and not (own.reason or run.reason).strip():
        raise ValueError("no reason: give one in the reason column, or one for the whole run")


def _row(given: Mapping[str, str]) -> tuple[str, RowValues]:
    number = given.get("post_number", "")
    if not _is_post(given):
        raise ValueError(f"{number[:40]!r} is not a post number (3 to 10 digits)")
    reports_to = given.get("reports_to") or None
    if reports_to is not None and not POST_NUMBER.fullmatch(reports_to):
        raise ValueError(f"reports_to {reports_to[:40]!r} is not a post number (3 to 10 digits)")
    reason = given.get("reason", "")
    if len(reason) > MAX_REASON:
        raise ValueError(f"the reason is longer than {MAX_REASON} characters")
    try:
        honest_text(reason)
    except ValueError as problem:
        raise ValueError(f"the reason {problem}") from None
    own = RowValues(
        effective_date=_date(given.get("effective_date", "")), reports_to=reports_to, reason=reason
    )
    return number, own


def _is_post(given: Mapping[str, str]) -> bool:
    return POST_NUMBER.fullmatch(given.get("post_number", "")) is not None


def _date(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"effective_date {text[:40]!r} is not a date like 2027-04-01") from None
