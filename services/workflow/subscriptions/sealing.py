"""Webhook secrets at rest: sealed with a key from the environment, not stored as they are.

A subscription's secret signs every delivery, so whoever holds it can forge deliveries.
Sealing it (AES-256-GCM, keyed from WEBHOOK_SECRET_KEY, bound to its subscription id) means a
copy of the database or a backup alone does not give it away. The secret is 32 random bytes
shown to the lead once as 64 hex digits; sealed it is `v1:` and 80 characters of base64.
Secrets stored before sealing (64 hex digits) are still read.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SEALED = "v1:"
_NONCE_BYTES = 12


class SecretUnreadable(Exception):
    """A stored secret that this key cannot open (WEBHOOK_SECRET_KEY changed, or tampering)."""


class SecretSealer:
    """Seals and opens subscriptions' webhook secrets with one deployment key."""

    def __init__(self, key_text: str) -> None:
        # Any text an operator sets becomes a 256-bit key; the label keeps it to this use.
        key = hashlib.sha256(b"onecouncil webhook secrets\0" + key_text.encode()).digest()
        self._aead = AESGCM(key)

    def seal(self, subscription_id: str, secret_hex: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, bytes.fromhex(secret_hex), subscription_id.encode())
        return SEALED + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, subscription_id: str, stored: str) -> str:
        """The secret as shown to the lead (hex), from what is stored."""
        if not stored.startswith(SEALED):
            return stored  # stored before secrets were sealed
        raw = base64.urlsafe_b64decode(stored.removeprefix(SEALED))
        try:
            secret = self._aead.decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], subscription_id.encode()
            )
        except InvalidTag:
            raise SecretUnreadable(
                f"the webhook secret of subscription {subscription_id} cannot be opened with "
                "this WEBHOOK_SECRET_KEY (was the key changed?)"
            ) from None
        return secret.hex()
