"""`onecouncil dead-letters list|show|redrive|discard`: look after what consumers set aside.

Talks to a service's `/operations` API (`--service`; `--url` or `ONECOUNCIL_<SERVICE>_URL`,
else where `make demo` runs it). It signs in with `--token` or
`ONECOUNCIL_TOKEN`; without one it mints a short-lived token with JWT_SECRET for `--user`,
in the role that may resolve that service's dead letters.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from shared.auth import Role, mint_token
from shared.cli_http import SERVICE_URLS, Service, ServiceClient, ServiceCommands
from shared.config import ServiceSettings

app = typer.Typer(
    cls=ServiceCommands, help="Dead letters: list, show, redrive or discard.", no_args_is_help=True
)
ROLES: dict[str, Role] = {"hr": "hr_staff", "finance": "finance_staff", "workflow": "hr_staff"}

ServiceName = Annotated[str, typer.Option(help="hr, finance or workflow.")]
Url = Annotated[
    str | None,
    typer.Option(
        help="Service URL (default: ONECOUNCIL_HR_URL, _FINANCE_URL or _WORKFLOW_URL, "
        "else where `make demo` runs it)."
    ),
]
Token = Annotated[str | None, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token.")]
User = Annotated[str | None, typer.Option(help="Who you are, for the record.")]
Reason = Annotated[str, typer.Option(help="Why, for the record.")]


def _client(service: str, url: str | None, token: str | None, user: str | None) -> ServiceClient:
    if service not in ROLES:
        raise typer.BadParameter(f"unknown service {service!r}", param_hint="--service")
    if token is None:
        secret = ServiceSettings().jwt_secret.get_secret_value()
        who = user or getpass.getuser()
        token = mint_token(secret, who, ROLES[service], ttl=timedelta(minutes=10))
    where = url or os.environ.get(SERVICE_URLS[service][0])
    return ServiceClient(Service.local(service, where), token)


@app.command("list")
def list_letters(
    service: ServiceName,
    status: Annotated[str | None, typer.Option(help="open, redriven or discarded.")] = "open",
    url: Url = None,
    token: Token = None,
    user: User = None,
) -> None:
    """The service's dead letters, newest first, with the events parked behind each."""
    params = {"status": status} if status else {}
    with _client(service, url, token, user) as client:
        rows = client.call("GET", "/operations/dead-letters", params=params)
    table = Table("id", "consumer", "post/key", "code", "status", "parked", "reason")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["consumer"],
            str(row["aggregate_key"]),
            row["code"],
            row["status"],
            str(row["parked_behind"]),
            row["reason"][:80],
        )
    Console(width=200).print(table)
    typer.echo(f"{len(rows)} dead letter(s)")


@app.command()
def show(
    letter_id: int, service: ServiceName, url: Url = None, token: Token = None, user: User = None
) -> None:
    """One dead letter in full, as JSON."""
    with _client(service, url, token, user) as client:
        typer.echo(
            json.dumps(client.call("GET", f"/operations/dead-letters/{letter_id}"), indent=2)
        )


@app.command()
def redrive(
    letter_id: int,
    service: ServiceName,
    reason: Reason,
    corrected: Annotated[
        Path | None, typer.Option(exists=True, help="A JSON file: the corrected event envelope.")
    ] = None,
    url: Url = None,
    token: Token = None,
    user: User = None,
) -> None:
    """Apply the event again (or the corrected one), then the events parked behind it."""
    body: dict[str, Any] = {"reason": reason}
    if corrected is not None:
        body["corrected_event"] = json.loads(corrected.read_text())
    with _client(service, url, token, user) as client:
        done = client.call("POST", f"/operations/dead-letters/{letter_id}/redrive", json=body)
    _report(done)


@app.command()
def discard(
    letter_id: int,
    service: ServiceName,
    reason: Reason,
    url: Url = None,
    token: Token = None,
    user: User = None,
) -> None:
    """Skip the event on purpose (recorded), then apply the events parked behind it."""
    _resolve(letter_id, "discard", reason, _client(service, url, token, user))


@app.command("approve-correction")
def approve_correction(
    letter_id: int,
    service: ServiceName,
    reason: Reason,
    url: Url = None,
    token: Token = None,
    user: User = None,
) -> None:
    """Apply a correction someone else proposed (a correction of another service's event)."""
    _resolve(letter_id, "approve-correction", reason, _client(service, url, token, user))


def _resolve(letter_id: int, verb: str, reason: str, client: ServiceClient) -> None:
    with client:
        path = f"/operations/dead-letters/{letter_id}/{verb}"
        done = client.call("POST", path, json={"reason": reason})
    _report(done)


def _report(done: dict[str, Any]) -> None:
    if done["status"] == "correction_proposed":
        typer.echo(
            f"Correction of dead letter {done['dead_letter_id']} proposed; someone else must "
            f"approve it: onecouncil dead-letters approve-correction {done['dead_letter_id']} ..."
        )
        return
    typer.echo(
        f"Dead letter {done['dead_letter_id']} {done['status']}; "
        f"{done['released']} parked event(s) applied."
    )
    if done.get("blocked_again_by"):
        typer.echo(f"A parked event failed and is now dead letter {done['blocked_again_by']}.")
