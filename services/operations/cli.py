"""`onecouncil dead-letters list|show|redrive|discard`: look after what consumers set aside.

Talks to a service's `/operations` API (`--service`, `--url`). It signs in with `--token` or
`ONECOUNCIL_TOKEN`; without one it mints a short-lived token with JWT_SECRET for `--user`,
in the role that may resolve that service's dead letters.
"""

from __future__ import annotations

import getpass
import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from shared.auth import Role, mint_token
from shared.config import ServiceSettings

app = typer.Typer(help="Dead letters: list, show, redrive or discard.", no_args_is_help=True)
PORTS = {"hr": 8001, "finance": 8002, "workflow": 8003}
ROLES: dict[str, Role] = {"hr": "hr_staff", "finance": "finance_staff", "workflow": "hr_staff"}

Service = Annotated[str, typer.Option(help="hr, finance or workflow.")]
Url = Annotated[str | None, typer.Option(help="Service URL (default: the local one).")]
Token = Annotated[str | None, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token.")]
User = Annotated[str | None, typer.Option(help="Who you are, for the record.")]
Reason = Annotated[str, typer.Option(help="Why, for the record.")]


def _client(service: str, url: str | None, token: str | None, user: str | None) -> httpx.Client:
    if service not in PORTS:
        raise typer.BadParameter(f"unknown service {service!r}", param_hint="--service")
    if token is None:
        secret = ServiceSettings().jwt_secret.get_secret_value()
        who = user or getpass.getuser()
        token = mint_token(secret, who, ROLES[service], ttl=timedelta(minutes=10))
    return httpx.Client(
        base_url=(url or f"http://127.0.0.1:{PORTS[service]}").rstrip("/"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )


def _call(client: httpx.Client, method: str, path: str, **options: Any) -> Any:
    try:
        answer = client.request(method, path, **options)
    except httpx.HTTPError as error:
        raise typer.BadParameter(f"could not reach the service: {error}") from None
    if answer.status_code >= 400:
        try:
            detail = answer.json().get("detail")
        except ValueError:
            detail = answer.text
        Console(stderr=True).print(f"[red]Refused (HTTP {answer.status_code}):[/red] {detail}")
        raise typer.Exit(1)
    return answer.json()


@app.command("list")
def list_letters(
    service: Service,
    status: Annotated[str | None, typer.Option(help="open, redriven or discarded.")] = "open",
    url: Url = None,
    token: Token = None,
    user: User = None,
) -> None:
    """The service's dead letters, newest first, with the events parked behind each."""
    params = {"status": status} if status else {}
    with _client(service, url, token, user) as client:
        rows = _call(client, "GET", "/operations/dead-letters", params=params)
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
    letter_id: int, service: Service, url: Url = None, token: Token = None, user: User = None
) -> None:
    """One dead letter in full, as JSON."""
    with _client(service, url, token, user) as client:
        typer.echo(
            json.dumps(_call(client, "GET", f"/operations/dead-letters/{letter_id}"), indent=2)
        )


@app.command()
def redrive(
    letter_id: int,
    service: Service,
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
        done = _call(client, "POST", f"/operations/dead-letters/{letter_id}/redrive", json=body)
    _report(done)


@app.command()
def discard(
    letter_id: int,
    service: Service,
    reason: Reason,
    url: Url = None,
    token: Token = None,
    user: User = None,
) -> None:
    """Skip the event on purpose (recorded), then apply the events parked behind it."""
    with _client(service, url, token, user) as client:
        path = f"/operations/dead-letters/{letter_id}/discard"
        done = _call(client, "POST", path, json={"reason": reason})
    _report(done)


def _report(done: dict[str, Any]) -> None:
    typer.echo(
        f"Dead letter {done['dead_letter_id']} {done['status']}; "
        f"{done['released']} parked event(s) applied."
    )
    if done.get("blocked_again_by"):
        typer.echo(f"A parked event failed and is now dead letter {done['blocked_again_by']}.")
