"""Read posts, or post numbers, from CSV text; every bad line is reported with its field."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from pydantic import ValidationError

from services.hr.application.commands import RegisterPost
from services.hr.entrypoints.schemas import PostIn


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    post_number: str
    reason: str


def read_posts(text: str) -> tuple[list[RegisterPost], list[BadLine]]:
    """Commands for the good lines, and what is wrong with the others."""
    commands: list[RegisterPost] = []
    bad: list[BadLine] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    for line, row in enumerate(reader, start=2):
        values = {k.strip(): (v.strip() or None) for k, v in row.items() if k and v is not None}
        try:
            post = PostIn.model_validate(values)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            bad.append(BadLine(line, values.get("post_number") or "", f"{field}: {first['msg']}"))
            continue
        commands.append(RegisterPost(**post.model_dump()))
    return commands, bad


def read_post_numbers(text: str) -> list[str]:
    """Post numbers from a `post_number` column (or the first column when there is no header)."""
    rows = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if row and row[0].strip()]
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    if "post_number" in header:
        column = header.index("post_number")
        return [row[column].strip() for row in rows[1:] if len(row) > column]
    return [row[0].strip() for row in rows]
