"""`onecouncil hr personal-data`, `onecouncil hr erase` and `onecouncil hr purge-personal-data`:
subject access, erasure and the retention schedule, from the CLI (HR staff)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from services.hr.entrypoints.cli_bulk import console
from services.hr.entrypoints.cli_client import HrClient
from services.hr.entrypoints.cli_reporting import Token, Url, connected

Employee = Annotated[str, typer.Argument(help="The employee reference, e.g. E00001.")]


def register(app: typer.Typer, client: type[HrClient], default_url: str) -> None:
    """Add the personal-data commands to HR's CLI."""
    connect = connected(client)

    @app.command("personal-data")
    def personal_data(employee_ref: Employee, url: Url = default_url, token: Token = "") -> None:
        """Subject access: everything HR holds about the employee, as JSON (keep it safe)."""
        typer.echo(json.dumps(connect(url, token).personal_data(employee_ref), indent=2))

    @app.command("erase")
    def erase(
        employee_ref: Employee,
        request_reference: Annotated[
            str, typer.Option(help="The council's case number for the erasure request.")
        ],
        url: Url = default_url,
        token: Token = "",
    ) -> None:
        """Erase the employee's personal data: their key is destroyed; it cannot be undone."""
        erased = connect(url, token).erase(employee_ref, request_reference)
        posts = ", ".join(erased["posts"]) or "none"
        console().print(
            f"Employee {employee_ref}'s personal data is erased (key {erased['key_id']}); "
            f"post streams told: {posts}."
        )

    @app.command("purge-personal-data")
    def purge(url: Url = default_url, token: Token = "") -> None:
        """Apply the retention schedule now (HR also runs it daily)."""
        done = connect(url, token).purge_personal_data()
        console().print(
            f"{done['newly_left']} newly noted as holding no post; {len(done['erased'])} "
            f"leavers erased; {done['bulk_runs_cleared']} bulk runs' values cleared."
        )
