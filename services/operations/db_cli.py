"""`onecouncil db upgrade|current|backup|revision`: each service's database and its schema.

A service refuses to start on a database that is not at its release's revision; these are
the commands its refusal names. The database is the one the service itself would use:
DATABASE_URL_<SERVICE>, else DATABASE_URL (when one service is named), else its SQLite
file under DATA_DIR (`var/` by default, as `make demo` runs it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from services.operations.schemas import (
    SERVICES_WITH_DATABASES,
    database_url_of,
    schema_of,
    upgrade_database,
)
from shared.persistence.backup import BackupRefused, backup_database
from shared.persistence.engine import make_engine
from shared.persistence.revisions import write_revision

app = typer.Typer(
    help="Databases: upgrade, show the revision, back up, write a new schema revision.",
    no_args_is_help=True,
)

OneOrAll = Annotated[
    str | None,
    typer.Argument(help="hr, finance or workflow; every service when left out."),
]


def _services(service: str | None) -> list[str]:
    if service is None:
        return list(SERVICES_WITH_DATABASES)
    if service not in SERVICES_WITH_DATABASES:
        raise typer.BadParameter(
            f"{service!r} has no database: name hr, finance or workflow", param_hint="SERVICE"
        )
    return [service]


def _url(service: str, only_one: bool) -> str:
    try:
        return database_url_of(service, only_one)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="SERVICE") from None


@app.command()
def upgrade(
    service: OneOrAll = None,
    revision: Annotated[str, typer.Option(help="Revision to go to.")] = "head",
) -> None:
    """Bring each service's database to the newest revision (or --revision)."""
    names = _services(service)
    for name in names:
        before, after = upgrade_database(name, _url(name, len(names) == 1), revision)
        moved = "already at" if before == after else f"upgraded from {before or 'empty'} to"
        typer.echo(f"{name}: {moved} revision {after}")


@app.command()
def current(service: OneOrAll = None) -> None:
    """Show each service's database revision and whether the service may start on it."""
    names = _services(service)
    refused = False
    for name in names:
        engine = make_engine(_url(name, len(names) == 1))
        try:
            schema = schema_of(name)
            state, refusal = schema.state(engine), schema.refusal(engine)
        finally:
            engine.dispose()
        typer.echo(f"{name}: revision {state.current or 'none'} (head {state.head})")
        if refusal:
            typer.echo(f"  {refusal}", err=True)
            refused = True
    if refused:
        raise typer.Exit(1)


@app.command()
def backup(
    service: OneOrAll = None,
    to: Annotated[Path, typer.Option(help="Folder for the backup files.")] = Path("backups"),
) -> None:
    """Back up each service's database while it runs: <service>-<UTC time>.db (SQLite's
    online backup) or .dump (pg_dump's custom format, for pg_restore)."""
    names = _services(service)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in names:
        url = _url(name, len(names) == 1)
        suffix = "db" if url.startswith("sqlite") else "dump"
        try:
            written = backup_database(url, to / f"{name}-{stamp}.{suffix}")
        except BackupRefused as error:
            typer.echo(f"{name}: {error}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"{name}: backed up to {written}")


@app.command()
def revision(
    service: Annotated[str, typer.Argument(help="hr, finance or workflow.")],
    message: Annotated[str, typer.Option("-m", "--message", help="What changed, briefly.")],
) -> None:
    """Write the next revision of a service's schema from its models (autogenerate against a
    scratch database at the current head); review it before committing."""
    (name,) = _services(service)
    written = write_revision(schema_of(name), message)
    if written is None:
        typer.echo(f"{name}: the models match the newest revision; nothing written")
        return
    typer.echo(f"{name}: wrote {written}")
