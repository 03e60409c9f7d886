"""A bulk upload's CSV: the post numbers it names, checked line by line, and its chunks."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

POST_NUMBER = re.compile(r"[0-9]{3,10}")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class BadLine:
    line: int
    text: str
    reason: str


class UnreadableCsv(Exception):
    """The file as a whole cannot be used (no post_number column, empty, too big)."""


def read_post_numbers(text: str) -> tuple[list[str], list[BadLine]]:
    """Post numbers in file order (duplicates dropped) and the lines that are not one."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if "post_number" not in columns:
        raise UnreadableCsv("The file must have a header row with a post_number column")
    column = (reader.fieldnames or [])[columns.index("post_number")]
    numbers: list[str] = []
    seen: set[str] = set()
    bad: list[BadLine] = []
    for row in reader:
        value = (row.get(column) or "").strip()
        if not POST_NUMBER.fullmatch(value):
            bad.append(BadLine(reader.line_num, value, "a post number is 3 to 10 digits"))
        elif value in seen:
            bad.append(BadLine(reader.line_num, value, "this post is already on an earlier line"))
        else:
            seen.add(value)
            numbers.append(value)
    if not numbers and not bad:
        raise UnreadableCsv("The file has no rows under its header")
    if len(numbers) > MAX_ROWS:
        raise UnreadableCsv(f"The file has {len(numbers)} posts; upload at most {MAX_ROWS:,}")
    return numbers, bad
