"""Personal data on the permanent log: which fields may carry it, and how a sealed one reads.

The log is kept for ever, yet a person may ask for their data to be erased (UK GDPR; an
employee reference is pseudonymised, still personal data). So HR writes each field marked
here as ciphertext under a key of the person it is about (crypto-shredding): to erase, HR
destroys the key, and every copy of the log, hash chain included, stays whole but can no
longer be read there. A sealed value is a string, so the fields keep their types, old
plaintext events still read as they are (no upcaster), and a reader that is not HR shows
`(sealed)` in its place:

    sealed:v1:<key id>:<base64url of nonce and AES-GCM ciphertext>

The key id is random, never the employee reference. A field is only sealed when the fact
is about someone (a filled post, a question a member of staff asked); a vacant post's
reasons stay readable.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Final

from pydantic import Field

from shared.events.base import EventPayload

SEALED_PREFIX: Final = "sealed:v1:"
SHOWN_SEALED: Final = "(sealed)"
_MARK: Final = "x-personal-data"
_ENTRIES_MARK: Final = "x-personal-data-entries"
_SEALED_WHEN: Final = (
    "Personal data: written as 'sealed:v1:<key id>:<ciphertext>' under the key of the "
    "person it is about (HR alone can open it; erasing them destroys the key)."
)

PersonalText = Annotated[str, Field(json_schema_extra={_MARK: _SEALED_WHEN})]
"""Free text that may speak of the person a fact is about."""

PersonalRef = Annotated[str | None, Field(json_schema_extra={_MARK: _SEALED_WHEN})]
"""An employee reference (None: nobody)."""


def personal_entries(*names: str) -> dict[str, Any]:
    """`json_schema_extra` for a mapping field whose entries of these names are personal."""
    return {_ENTRIES_MARK: list(names), _MARK: _SEALED_WHEN}


@cache
def personal_fields(payload_type: type[EventPayload]) -> tuple[str, ...]:
    """The payload fields HR seals when the fact is about someone."""
    return tuple(
        name
        for name, field in payload_type.model_fields.items()
        if isinstance(field.json_schema_extra, dict)
        and _MARK in field.json_schema_extra
        and _ENTRIES_MARK not in field.json_schema_extra
    )


@cache
def personal_entries_of(payload_type: type[EventPayload]) -> dict[str, tuple[str, ...]]:
    """Mapping fields of the payload, each with the names of its entries that are personal."""
    found: dict[str, tuple[str, ...]] = {}
    for name, field in payload_type.model_fields.items():
        extra = field.json_schema_extra
        if isinstance(extra, dict) and isinstance(entries := extra.get(_ENTRIES_MARK), list):
            found[name] = tuple(str(entry) for entry in entries)
    return found


def is_sealed(value: object) -> bool:
    """True for a value HR sealed (a string in the sealed form)."""
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def key_id_of(sealed: str) -> str:
    """The id of the key a sealed value was sealed under."""
    return sealed.removeprefix(SEALED_PREFIX).split(":", 1)[0]


def shown(value: Any) -> Any:
    """What a reader other than HR shows for a value: `(sealed)` in place of ciphertext."""
    return SHOWN_SEALED if is_sealed(value) else value


def shown_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload with every sealed value (one level of nesting too) shown as `(sealed)`."""
    return {
        name: {key: shown(item) for key, item in value.items()}
        if isinstance(value, Mapping)
        else shown(value)
        for name, value in payload.items()
    }
