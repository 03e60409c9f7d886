"""`onecouncil`: the command line for HR staff, developers and operators.

Each service contributes its own commands (`onecouncil hr ...`); this module adds what
spans them: minting local tokens and running the whole system with demo data.
"""

from __future__ import annotations

import signal
import time
from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console

from services.audit.entrypoints.cli import app as audit_app
from services.console.entrypoints.report_cli import app as report_app
from services.export_cli import app as export_app
from services.hr.entrypoints.cli import app as hr_app
from services.operations.cli import app as dead_letters_app
from services.operations.db_cli import app as db_app
from services.operations.keys_cli import app as keys_app
from services.workflow.entrypoints.programme_cli import app as programme_app
from services.workflow.entrypoints.watch_cli import watch_command
from shared.auth import mint_token
from shared.claims import ROLES
from shared.cli_http import ServiceCommands
from shared.config import ServiceSettings

app = typer.Typer(
    cls=ServiceCommands,
    help="One Council: centralising the council's support functions.",
    no_args_is_help=True,
)
console = Console()
app.add_typer(audit_app, name="audit")
app.add_typer(hr_app, name="hr")
app.add_typer(dead_letters_app, name="dead-letters")
app.command("watch")(watch_command)
app.add_typer(programme_app, name="programme")
app.add_typer(report_app, name="report")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(export_app, name="export")


@app.command()
def token(
    role: Annotated[str, typer.Argument(help=f"one of {', '.join(ROLES)}")],
    user: Annotated[str, typer.Option(help="User id to put in the token.")] = "local-user",
    department: Annotated[str | None, typer.Option(help="Department code for a lead.")] = None,
    hours: Annotated[int, typer.Option(help="Hours until the token expires.")] = 8,
) -> None:
    """Print a bearer token signed with JWT_SECRET (for local use and scripts)."""
    if role not in ROLES:
        raise typer.BadParameter(f"unknown role {role!r}", param_hint="ROLE")
    secret = ServiceSettings().jwt_secret.get_secret_value()
    try:
        typer.echo(mint_token(secret, user, role, department, timedelta(hours=hours)))
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@app.command()
def up(
    support_posts: Annotated[int, typer.Option(help="Support posts in the demo.")] = 1500,
    seed: Annotated[int, typer.Option(help="Seed of the demo establishment.")] = 2026,
    plaintext: Annotated[
        bool, typer.Option(help="Kafka without TLS, logins or ACLs (the secured one is default).")
    ] = False,
) -> None:
    """Start local Kafka and all three services with a demo establishment; Ctrl-C stops."""
    from deploy.local import LocalStack

    stack = LocalStack(support_posts=support_posts, seed=seed, secure=not plaintext)
    with console.status("Starting Kafka and the three services..."):
        try:
            urls = stack.start()
        except Exception:
            stack.stop()
            raise
    _print_welcome(urls, secure=not plaintext)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while all(process.poll() is None for process in stack.processes.values()):
            time.sleep(1)
        console.print("[red]A service stopped; see var/*.log. Shutting down.[/red]")
    except KeyboardInterrupt:
        console.print("Stopping...")
    finally:
        stack.stop()


def _print_welcome(urls: dict[str, str], secure: bool) -> None:
    secret = ServiceSettings().jwt_secret.get_secret_value()
    # Two officers: the one who proposes a transfer may not approve it (separation of duties).
    hr_token = mint_token(secret, "demo-hr-officer", "hr_staff")
    manager_token = mint_token(secret, "demo-hr-manager", "hr_manager")
    console.print("[bold green]One Council is running[/bold green] with a demo establishment.")
    if "console" in urls:
        console.print(f"  Web console  {urls['console']}  (sign in as any role: local only)")
    for name, url in urls.items():
        if name != "console":
            console.print(f"  {name:12} {url}  API docs {url}/docs  health {url}/health")
    console.print("  Kafka        127.0.0.1:9092    logs var/*.log")
    if secure:
        console.print(
            "  Kafka logins .cache/kafka-data-secure/security/<principal>.env (SASL_SSL; "
            "source auditor.env before `onecouncil audit replay`)"
        )
    console.print(f"\nAn HR officer's token (8 hours; proposes, consults):\n{hr_token}\n")
    console.print(
        "An HR manager's token (approves: not what they proposed; and above the limits):\n"
        f"{manager_token}\n"
    )
    console.print(f"Try: curl -H 'Authorization: Bearer <token>' {urls['workflow']}/posts/10001")
    console.print(
        "  or: export ONECOUNCIL_TOKEN=<token>; onecouncil hr bulk propose --department CS "
        "--effective-date 2027-04-01 --reason 'Centralise' --simulate"
    )
    console.print("Press Ctrl-C to stop everything.")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
