"""Building one record from another that names its fields the same way (a demo record, a
command or an event): one call where a field-by-field copy took a line a field."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def record_from(record_type: type[T], source: object, **changes: Any) -> T:
    """A `record_type` dataclass whose fields are `source`'s same-named attributes, with
    `changes` on top. A field `source` lacks keeps its default, or the call fails naming it."""
    names = (field.name for field in fields(record_type) if field.init)  # type: ignore[arg-type]
    copied = {
        name: getattr(source, name)
        for name in names
        if name not in changes and hasattr(source, name)
    }
    return record_type(**copied, **changes)
