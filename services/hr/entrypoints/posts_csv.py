"""Read posts, or post numbers, from CSV text; every bad line is reported with its field."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from services.hr.application.commands import RegisterPost
from services.hr.entrypoints.schemas import PostIn


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    post_number: str
    reason: str


class CsvUnreadable(ValueError):
    """The CSV as a whole cannot be read (422): which line, and why."""


def read_posts(text: str) -> tuple[list[RegisterPost], list[BadLine]]:
    """Commands for the good lines, and what is wrong with the others."""
    commands: list[RegisterPost] = []
    bad: list[BadLine] = []
    reader = csv.DictReader(io.StringIO(readable(text)))
    for line, row in rows_of(reader):
        # An empty cell is a value not given (its default), as text for the string validator.
        values = {k.strip(): v.strip() for k, v in row.items() if k and v and v.strip()}
        try:
            post = PostIn.model_validate_strings(values)  # text cells: "1" is a number here
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            bad.append(BadLine(line, values.get("post_number") or "", f"{field}: {first['msg']}"))
            continue
        commands.append(RegisterPost(**post.model_dump()))
    return commands, bad


def read_post_numbers(text: str) -> list[str]:
    """Post numbers from a `post_number` column (or the first column when there is no header);
    `CsvUnreadable` naming the first line that holds something else."""
    reader = csv.reader(io.StringIO(readable(text)))
    rows = [(line, row) for line, row in rows_of(reader) if row and row[0].strip()]
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0][1]]
    column = header.index("post_number") if "post_number" in header else 0
    body = rows[1:] if "post_number" in header else rows
    numbers = [(line, row[column].strip()) for line, row in body if len(row) > column]
    for line, number in numbers:
        if not POST_NUMBER.fullmatch(number):
            raise CsvUnreadable(
                f"line {line}: {number[:40]!r} is not a post number (3 to 10 digits)"
            )
    return [number for _, number in numbers]


POST_NUMBER = re.compile(r"[0-9]{3,10}")


def readable(text: str) -> str:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CsvUnreadable(f"line {line} holds a NUL character: save the file as UTF-8 text")
    return text.lstrip("\ufeff")


def rows_of(reader: Any) -> Iterator[tuple[int, Any]]:
    """Each row of a csv reader with its line number; `CsvUnreadable` where it gives up."""
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise CsvUnreadable(
            f"line {reader.line_num}: the CSV could not be read ({error})"
        ) from None
