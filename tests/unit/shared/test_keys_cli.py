"""`onecouncil keys`: a new key's seed and registry entry agree; a witness co-signs only a
checkpoint its producer signed."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from services.operations.keys_cli import app
from shared.events.checkpoints import Checkpoint, parse_note, sign_checkpoint, signed_by
from shared.events.keys import RegisteredKey
from shared.events.signing import Signer, parse_seed


def test_a_new_key_prints_the_seed_and_the_registry_entry_for_its_public_key() -> None:
    result = CliRunner().invoke(app, ["new", "finance"])
    assert result.exit_code == 0, result.output
    first, rest = result.output.split("\n", 1)
    seed = parse_seed(first.removeprefix("SIGNING_KEY="))
    entry = json.loads(rest)
    signer = Signer.from_seed("finance", seed)
    assert (entry["key_id"], entry["producer"]) == (signer.key_id, "finance")
    assert base64.b64decode(entry["public_key"]) == signer.public_key


def test_a_witness_cosigns_its_producers_checkpoint_and_refuses_a_forged_one(
    tmp_path: Path,
) -> None:
    unsigned = Checkpoint(origin="onecouncil/hr", size=4, root=b"\x01" * 32,
                          signed_at=datetime(2027, 1, 15, tzinfo=UTC))  # fmt: skip
    good, forged = tmp_path / "good", tmp_path / "forged"
    good.write_text(sign_checkpoint(unsigned, Signer.development("hr")).note)
    forged.write_text(sign_checkpoint(unsigned, Signer.from_seed("hr", os.urandom(32))).note)
    seed = os.urandom(32)
    key = ["--key", base64.b64encode(seed).decode()]
    result = CliRunner().invoke(app, ["witness", str(good), *key])
    assert result.exit_code == 0, result.output
    witness = Signer.from_seed("audit", seed)
    cosigned = parse_note(result.output)
    mine = RegisteredKey(key_id=witness.key_id, producer="audit", public_key=witness.public_key)
    assert len(cosigned.signatures) == 2 and signed_by(cosigned, mine, witness.name)
    refused = CliRunner().invoke(app, ["witness", str(forged), *key], env={"COLUMNS": "200"})
    assert refused.exit_code == 2
    assert "is not signed by onecouncil/hr's registered key" in refused.output
