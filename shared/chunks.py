"""One way to cut a run of items into pieces: Python 3.11 has no `itertools.batched`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

# A SQL `IN (...)` list of this many values stays within every database's parameter limits.
IN_LIST_SIZE = 500


def chunks(items: Iterable[T], size: int = IN_LIST_SIZE) -> Iterator[list[T]]:
    """Lists of `size` items in order, the last one shorter; reads an iterator lazily."""
    if size < 1:
        raise ValueError(f"a chunk holds at least one item, not {size}")
    remaining = iter(items)
    while chunk := list(islice(remaining, size)):
        yield chunk
