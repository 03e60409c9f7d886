"""Each employee's data key, and sealing and opening personal fields with it (AES-256-GCM).

Envelope encryption: a data key per employee seals their fields on the log; the data key
is kept in `personal_data_keys` sealed by the master key, which comes from the environment
(`PERSONAL_DATA_MASTER_KEY`) and never sits in the database. A copy of HR's database alone
opens nothing; destroying a data key erases everything sealed under it, wherever the log
was copied, while the hashes over the ciphertext still verify.
"""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from services.hr.adapters.tables import erased_data_keys, personal_data_keys
from shared.events.personal import SEALED_PREFIX, is_sealed, key_id_of
from shared.production import DEVELOPMENT_PERSONAL_DATA_KEY

NONCE_BYTES: Final = 12
_KEY_OF: Final = select(personal_data_keys.c.key_id, personal_data_keys.c.sealed_key).where(
    personal_data_keys.c.employee_ref == bindparam("ref")
)
# Bound into every seal, so a ciphertext cannot be passed off under another key or scheme.
_CONTEXT: Final = b"onecouncil personal data v1:"


class WrongMasterKey(Exception):
    """A data key that this master key did not seal: the deployment's key is not the one
    the keys were made with (never read as an erasure)."""


class MasterKey:
    """The key that seals data keys, derived from the deployment's secret (HKDF-SHA256)."""

    def __init__(self, secret: str) -> None:
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"onecouncil data keys v1"
        ).derive(secret.encode())
        self._aead = AESGCM(derived)

    @classmethod
    def development(cls) -> MasterKey:
        """The repository's public development key: local mode only (production refuses it)."""
        return cls(DEVELOPMENT_PERSONAL_DATA_KEY)

    def seal_key(self, key_id: str, data_key: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data_key, _CONTEXT + key_id.encode())

    def open_key(self, key_id: str, sealed: bytes) -> bytes:
        try:
            return self._aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _CONTEXT + key_id.encode()
            )
        except InvalidTag:
            raise WrongMasterKey(
                f"data key {key_id} cannot be opened with this PERSONAL_DATA_MASTER_KEY"
            ) from None


class KeyRing:
    """Data keys in one transaction: made on first use, cached for the transaction."""

    def __init__(self, connection: Connection, master: MasterKey) -> None:
        self._connection = connection
        self._master = master
        self._by_employee: dict[str, tuple[str, AESGCM]] = {}
        self._by_key_id: dict[str, AESGCM | None] = {}

    def seal(self, employee_ref: str, text: str) -> str:
        """The text sealed under the employee's data key (made now if they have none)."""
        key_id, aead = self._key_for(employee_ref)
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = nonce + aead.encrypt(nonce, text.encode(), _CONTEXT + key_id.encode())
        return f"{SEALED_PREFIX}{key_id}:{base64.urlsafe_b64encode(sealed).decode()}"

    def open(self, value: str) -> str | None:
        """The plaintext of a sealed value; None when its key was destroyed (or is unknown)."""
        key_id = key_id_of(value)
        aead = self._aead_of(key_id)
        if aead is None:
            return None
        try:
            sealed = base64.urlsafe_b64decode(value.removeprefix(f"{SEALED_PREFIX}{key_id}:"))
            plain = aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _CONTEXT + key_id.encode()
            )
        except (InvalidTag, ValueError):  # altered or cut short: it opens to nothing
            return None
        return plain.decode()

    def key_id_of_employee(self, employee_ref: str) -> str | None:
        """The id of the employee's data key, if they have one."""
        query = select(personal_data_keys.c.key_id).where(
            personal_data_keys.c.employee_ref == employee_ref
        )
        key_id: str | None = self._connection.scalar(query)
        return key_id

    def was_erased(self, value: str) -> bool:
        """True when the value was sealed under a key an erasure destroyed."""
        table = erased_data_keys
        query = select(table.c.key_id).where(table.c.key_id == key_id_of(value))
        return is_sealed(value) and self._connection.scalar(query) is not None

    def destroy(self, employee_ref: str, now: datetime) -> str | None:
        """Destroy the employee's data key; its id (None if they had none)."""
        key_id = self.key_id_of_employee(employee_ref)
        if key_id is None:
            return None
        table = personal_data_keys
        self._connection.execute(delete(table).where(table.c.employee_ref == employee_ref))
        self._connection.execute(insert(erased_data_keys).values(key_id=key_id, erased_at=now))
        self._by_employee.pop(employee_ref, None)
        self._by_key_id[key_id] = None
        return key_id

    def _key_for(self, employee_ref: str) -> tuple[str, AESGCM]:
        known = self._by_employee.get(employee_ref)
        if known is not None:
            return known
        row = self._connection.execute(_KEY_OF, {"ref": employee_ref}).first()
        if row is None:
            # Two transactions may make a first key for one employee at once: the second's
            # insert does nothing, and both seal under the key that was stored.
            key_id = secrets.token_hex(16)
            data_key = AESGCM.generate_key(bit_length=256)
            dialect = postgresql if self._connection.dialect.name == "postgresql" else sqlite
            self._connection.execute(
                dialect.insert(personal_data_keys)
                .values(
                    employee_ref=employee_ref,
                    key_id=key_id,
                    sealed_key=self._master.seal_key(key_id, data_key),
                    created_at=datetime.now(UTC),
                )
                .on_conflict_do_nothing()
            )
            row = self._connection.execute(_KEY_OF, {"ref": employee_ref}).one()
        known = (row.key_id, AESGCM(self._master.open_key(row.key_id, row.sealed_key)))
        self._by_employee[employee_ref] = known
        self._by_key_id[row.key_id] = known[1]
        return known

    def _aead_of(self, key_id: str) -> AESGCM | None:
        if key_id not in self._by_key_id:
            table = personal_data_keys
            sealed_key = self._connection.scalar(
                select(table.c.sealed_key).where(table.c.key_id == key_id)
            )
            self._by_key_id[key_id] = (
                None if sealed_key is None else AESGCM(self._master.open_key(key_id, sealed_key))
            )
        return self._by_key_id[key_id]
