"""The envelope every event travels in, and its hash chain.

The hash covers every field but `hash` itself, including `prev_hash`, so each event
seals the one before it in the same aggregate: an auditor who recomputes the chain
finds any event that was altered, removed or reordered.

An unkeyed hash proves nothing to someone who can recompute it, so each producer also signs
the hash with its own key (`shared/events/signing.py`): `key_id` is inside the hash,
`signature` is the one field outside it besides `hash` itself. Both are optional, so an
event written before signing still reads; whether it is trusted is the key registry's call.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import orjson
from pydantic import BaseModel, ConfigDict, Field, SkipValidation


class Actor(BaseModel):
    """Who caused an event, and in which role (an opaque user id, never a name)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(description="Opaque id of the user or service that acted.")
    role: str = Field(description="Role the actor held: hr_staff, finance_staff, system, ...")
    department: str | None = Field(None, description="Department code of a department lead.")


class Envelope(BaseModel):
    """One event on the wire: the fact (`payload`) plus what lets it be routed and audited."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID = Field(description="Unique id of this event; consumers dedupe on it.")
    event_type: str = Field(description="Wire name of the event, e.g. TransferApproved.")
    schema_version: int = Field(ge=1, description="Version of the payload schema.")
    occurred_at: datetime = Field(description="When the fact happened (the decision time).")
    recorded_at: datetime = Field(description="When the producing service recorded it.")
    effective_date: date | None = Field(
        None, description="When the change counts in the establishment, where it has one."
    )
    producer: str = Field(description="Service that published it: hr, finance or workflow.")
    aggregate_type: str = Field(description="Kind of thing the event is about: post, ...")
    aggregate_id: str = Field(description="Id of that thing; also the Kafka message key.")
    sequence: int = Field(ge=1, description="1, 2, 3... per aggregate, with no gaps.")
    correlation_id: UUID = Field(description="Id shared by every event of one user action.")
    causation_id: UUID | None = Field(None, description="The event that caused this one.")
    actor: Actor
    department: str | None = Field(None, description="Department code, for filtering and access.")
    # Not copied or checked here: the catalogue checks it is an object, then validates it
    # with the event's own payload model (the one validation that matters).
    payload: Annotated[dict[str, Any], SkipValidation] = Field(
        description="The event's own fields; see its schema."
    )
    prev_hash: str | None = Field(None, description="`hash` of the aggregate's previous event.")
    hash: str = Field(
        description="SHA-256 of this envelope without `hash` and `signature`, as canonical JSON."
    )
    key_id: str | None = Field(
        None, description="The producer's signing key (C2SP signed-note key id); none: unsigned."
    )
    signature: str | None = Field(
        None, description="Ed25519 signature of the hash by that key, base64 (not hashed)."
    )


_ABSENT = object()


def canonical_json(document: dict[str, Any]) -> bytes:
    """The one byte form that hashes are computed over: sorted keys, no spaces."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


UNHASHED = ("hash", "signature")


def compute_hash(document: dict[str, Any]) -> str:
    """Hash an envelope document (as a JSON-ready dict), ignoring `hash` and `signature`."""
    unsealed = {key: value for key, value in document.items() if key not in UNHASHED}
    return hashlib.sha256(canonical_json(unsealed)).hexdigest()


def seal(document: dict[str, Any]) -> dict[str, Any]:
    """Return the document with its `hash` filled in."""
    return {**document, "hash": compute_hash(document)}


def hash_is_valid(document: dict[str, Any]) -> bool:
    """True when the document's `hash` matches its content (checked before any upcast).

    Every consumer and the audit run this per event, so it tries orjson's sorted-keys form
    first (byte-identical to `canonical_json` for ordinary events); when that does not
    match, the standard-library form decides, so a difference in float or escape
    formatting can never make a sound event look altered."""
    stated = document.get("hash")
    if not isinstance(stated, str):
        return False
    del document["hash"]  # out and back rather than copy the document
    signature = document.pop("signature", _ABSENT)
    try:
        canonical = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        canonical = b""
    finally:
        document["hash"] = stated
        if signature is not _ABSENT:
            document["signature"] = signature
    return hashlib.sha256(canonical).hexdigest() == stated or stated == compute_hash(document)
