"""A service's refusal turned into GOV.UK errors: one message per field, in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One error: the field's id (for the summary link) and its message."""

    field: str
    message: str


def field_errors(
    details: list[dict[str, Any]], labels: Mapping[str, str], fallback_field: str
) -> list[FieldError]:
    """FastAPI's 422 details as errors against the form's fields."""
    errors = []
    for detail in details:
        location = [str(part) for part in detail.get("loc", []) if part != "body"]
        name = location[-1] if location else fallback_field
        label = labels.get(name)
        field = name if label else fallback_field
        errors.append(FieldError(field, _words(detail, label or name.replace("_", " "))))
    return errors


def refusal_error(message: str, fields: Mapping[str, tuple[str, ...]], fallback: str) -> FieldError:
    """A service's refusal placed against the field its words are about (else `fallback`)."""
    lowered = message.lower()
    for field, words in fields.items():
        if any(word in lowered for word in words):
            return FieldError(field, _sentence(message))
    return FieldError(fallback, _sentence(message))


def _words(detail: Mapping[str, Any], label: str) -> str:
    kind = str(detail.get("type", ""))
    if kind == "missing" or kind == "string_too_short":
        return f"Enter {label}"
    if kind.startswith("date"):
        return f"{label.capitalize()} must be a real date"
    if kind == "string_too_long":
        limit = (detail.get("ctx") or {}).get("max_length")
        return f"{label.capitalize()} must be {limit} characters or fewer"
    if kind == "literal_error":
        return f"Select {label}"
    return _sentence(str(detail.get("msg", "this answer is not accepted")))


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text
