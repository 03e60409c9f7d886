"""`onecouncil keys`: make a service's signing key, and check checkpoints by hand.

`new` prints a fresh Ed25519 seed for the service's SIGNING_KEY (keep it in the secret
store, never in the repository) and the entry to add to the deployment's key registry.
`witness` co-signs a service's exported checkpoint with an auditor's own key, after
checking its producer signed it (the stretch of issue 20: nothing runs it on a schedule).
"""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from shared.events.checkpoints import NoteUnreadable, parse_note, producer_signed, sign_checkpoint
from shared.events.keys import REPOSITORY_REGISTRY, KeyRegistry, registry_entry
from shared.events.signing import Signer, SigningKeyUnreadable, parse_seed

app = typer.Typer(help="Signing keys and checkpoints of the services' signed logs.")


@app.command()
def new(
    producer: Annotated[str, typer.Argument(help="The service that will sign: hr, finance, ...")],
) -> None:
    """A new signing key: SIGNING_KEY for the service, the entry for the key registry."""
    seed = os.urandom(32)
    signer = Signer.from_seed(producer, seed)
    entry = registry_entry(
        signer.key_id, producer, signer.public_key, valid_from=datetime.now(UTC).isoformat()
    )
    typer.echo(f"SIGNING_KEY={base64.b64encode(seed).decode()}")
    typer.echo(json.dumps(entry, indent=2))


@app.command()
def witness(
    checkpoint: Annotated[Path, typer.Argument(help="A service's exported checkpoint note.")],
    key: Annotated[str, typer.Option(envvar="WITNESS_KEY", help="The witness's seed (base64).")],
    name: Annotated[str, typer.Option(help="The witness's name on its signature line.")] = "audit",
    keys: Annotated[Path, typer.Option(envvar="SIGNING_KEYS_FILE")] = REPOSITORY_REGISTRY,
) -> None:
    """Co-sign a checkpoint its producer signed; print the note with both signatures."""
    try:
        note = parse_note(checkpoint.read_text())
        seed = parse_seed(key)
    except (OSError, NoteUnreadable, SigningKeyUnreadable) as error:
        raise typer.BadParameter(str(error)) from None
    if not producer_signed(note, KeyRegistry.load(keys)):
        raise typer.BadParameter(f"{checkpoint} is not signed by {note.origin}'s registered key")
    typer.echo(sign_checkpoint(note, Signer.from_seed(name, seed)).note, nl=False)
