"""The key registry: which public key speaks for which producer, and when.

The registry is a file in the repository's deploy config (`deploy/keys/public-keys.json`,
or the file SIGNING_KEYS_FILE names): key id → producer, public key, valid from/until.
Each producer also publishes its key on the log (`SigningKeyPublished`), so an auditor can
see every key that was ever used; the file is the trust anchor, the log the record.

What a signature proves: the event was written by whoever holds the producer's private
key, unchanged since. An unsigned event (written before signing, or by anyone else) is
refused while signatures are required — the default, and the only setting in production.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.events.signing import event_message

REPOSITORY_REGISTRY = Path(__file__).resolve().parents[2] / "deploy" / "keys" / "public-keys.json"

Refusal = tuple[str, str]  # (code, words an officer understands)


@dataclass(frozen=True, kw_only=True)
class RegisteredKey:
    """One producer's public key and the period it may sign in."""

    key_id: str
    producer: str
    public_key: bytes
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    _verifier: Ed25519PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_verifier", Ed25519PublicKey.from_public_bytes(self.public_key))

    def verifies(self, signature: bytes, message: bytes) -> bool:
        try:
            self._verifier.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def valid_at(self, moment: datetime) -> bool:
        starts, ends = self.valid_from, self.valid_until
        return (starts is None or moment >= starts) and (ends is None or moment < ends)


class KeyRegistry:
    """Looks up keys by id; says why an event's signature cannot be trusted, if it cannot."""

    def __init__(self, keys: list[RegisteredKey], require_signatures: bool = True) -> None:
        self.keys = {key.key_id: key for key in keys}
        self.require_signatures = require_signatures

    @classmethod
    def load(cls, path: Path = REPOSITORY_REGISTRY, require_signatures: bool = True) -> KeyRegistry:
        entries = json.loads(path.read_text())["keys"]
        return cls([_entry(entry) for entry in entries], require_signatures)

    def key_of(self, key_id: object, producer: object) -> RegisteredKey | Refusal:
        """The registered key of this producer with this id, or why there is none."""
        key = self.keys.get(key_id) if isinstance(key_id, str) else None
        if key is None:
            return "unknown_key", f"signed with key {key_id!r}, which the key registry lacks"
        if key.producer != producer:
            return (
                "unknown_key",
                f"signed with {key.producer!r}'s key {key_id}, not one of {producer!r}'s",
            )
        return key

    def refusal(self, document: dict[str, Any]) -> Refusal | None:
        """Why this event's signature does not prove its producer wrote it (None: it does).

        Checks the hash's signature only: the caller has already checked the hash."""
        key_id, signature = document.get("key_id"), document.get("signature")
        if key_id is None and signature is None:
            if not self.require_signatures:
                return None
            return "unsigned", "the event is not signed: nothing proves who wrote it"
        key = self.key_of(key_id, document.get("producer"))
        if isinstance(key, tuple):
            return key
        recorded = _moment(document.get("recorded_at"))
        if recorded is None or not key.valid_at(recorded):
            return "unknown_key", f"key {key_id} was not valid when the event was recorded"
        try:
            raw = base64.b64decode(str(signature), validate=True)
            message = event_message(str(document.get("hash")))
        except (binascii.Error, ValueError):
            raw, message = b"", b""
        if not key.verifies(raw, message):
            return "bad_signature", "the signature does not match the event: not its producer's"
        return None


def _moment(text: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _entry(entry: dict[str, Any]) -> RegisteredKey:
    return RegisteredKey(
        key_id=entry["key_id"],
        producer=entry["producer"],
        public_key=base64.b64decode(entry["public_key"]),
        valid_from=_moment(entry.get("valid_from")),
        valid_until=_moment(entry.get("valid_until")),
    )


# The registry this process's consumers check against: installed by the runtime from its
# settings; without one (unit tests, tools), the repository's file, signatures required.
_INSTALLED: list[KeyRegistry] = []


def install_registry(registry: KeyRegistry) -> None:
    _INSTALLED[:] = [registry]


def current_registry() -> KeyRegistry:
    if not _INSTALLED:
        _INSTALLED.append(KeyRegistry.load())
    return _INSTALLED[0]


def registry_entry(key_id: str, producer: str, public_key: bytes, **extra: Any) -> dict[str, Any]:
    """One entry of the registry file, as the key tool prints it."""
    return {
        "key_id": key_id,
        "producer": producer,
        "public_key": base64.b64encode(public_key).decode(),
        "valid_from": None,
        "valid_until": None,
        **extra,
    }
