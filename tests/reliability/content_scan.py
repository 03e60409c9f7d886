"""What a department lead's answer must not hold: another department's post numbers and cost
centres (a reservation or a budget line names one or the other) anywhere in the body's
words, and no record that belongs to another department (an object whose `department` or
`from_department` is theirs: a savings row, a breakdown's row, a post).

JSON is walked and only its strings (and keys) are read: post numbers are strings there,
so a cost of £10,023 is not taken for post 10023. Other text is read word by word. A list of
the departments something touches (a wave's, a shared process's) names them, and is not a
record of theirs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from shared import demo

WORD = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
OWNER_FIELDS = ("department", "from_department")


@dataclass(frozen=True)
class Outside:
    """Another department's identifiers, and the departments themselves."""

    identifiers: frozenset[str]
    departments: frozenset[str]


def outside(department: str, seed: int = 2026, count: int = 60) -> Outside:
    """The demo establishment's post numbers and cost centres of every other department."""
    others = [p for p in demo.generate_posts(seed, count) if p.department != department]
    return Outside(
        frozenset({p.post_number for p in others} | {p.cost_centre for p in others}),
        frozenset(p.department for p in others),
    )


def leaked(body: bytes, content_type: str, forbidden: Outside) -> set[str]:
    """The other departments' identifiers the answer names, and "<DEPT> record" for each
    department a record of which it holds."""
    found: set[str] = set()
    texts: Iterable[str] = [body.decode(errors="replace")]
    if "json" in content_type:
        try:
            document = json.loads(body)
        except ValueError:
            document = None
        if document is not None:
            texts = _strings(document)
            found |= {f"{d} record" for d in _owners(document) if d in forbidden.departments}
    found |= {word for text in texts for word in _words(text) if word in forbidden.identifiers}
    return found


def around(body: bytes, found: str, width: int = 90) -> str:
    """Where the body names what was found, for the failure message."""
    text = body.decode(errors="replace")
    word = found.removesuffix(" record")
    at = max(text.find(f'"{word}"'), text.find(word))
    return text[max(0, at - width) : at + width]


def _words(text: str) -> Iterator[str]:
    """Whole identifiers: "CS-FIN-01" and "10023", and each part of a hyphenated run."""
    for match in WORD.finditer(text):
        yield match.group()
        yield from match.group().split("-")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _owners(value: Any) -> Iterator[str]:
    """The departments the objects in a document belong to."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in OWNER_FIELDS and isinstance(inner, str):
                yield inner
            yield from _owners(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _owners(inner)
