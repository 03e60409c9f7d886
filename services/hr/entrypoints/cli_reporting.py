"""`onecouncil hr reports-to` and `onecouncil hr team-head`: reporting lines from the CLI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from services.hr.entrypoints.cli_bulk import console
from services.hr.entrypoints.cli_client import HrClient

Url = Annotated[str, typer.Option(envvar="ONECOUNCIL_HR_URL", help="HR service URL.")]
Token = Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token (HR staff).")]


def connected(client: type[HrClient]) -> Callable[[str, str], HrClient]:
    """How a command signs in to HR: refused without a token."""

    def connect(url: str, token: str) -> HrClient:
        if not token:
            raise typer.BadParameter("give --token or set ONECOUNCIL_TOKEN", param_hint="--token")
        return client(url, token)

    return connect


def register(app: typer.Typer, client: type[HrClient], default_url: str) -> None:
    """Add the reporting-line commands to HR's CLI."""
    connect = connected(client)

    @app.command("reports-to")
    def reports_to(
        post_number: Annotated[str, typer.Argument(help="The post whose line changes.")],
        reason: Annotated[str, typer.Option(help="Why the line changes.")],
        to: Annotated[
            str | None, typer.Option(help="The post it reports to (leave out: to no post).")
        ] = None,
        effective_date: Annotated[
            str | None, typer.Option(help="YYYY-MM-DD (default: today).")
        ] = None,
        url: Url = default_url,
        token: Token = "",
    ) -> None:
        """Make a post report to another post."""
        post = connect(url, token).change_reporting_line(post_number, to, reason, effective_date)
        line = f"post {post['reports_to']}" if post.get("reports_to") else "no post"
        console().print(f"Post {post['post_number']} now reports to {line}.")

    @app.command("team-head")
    def team_head(
        team: Annotated[str, typer.Argument(help="Central team code or name, e.g. FIN.")],
        post_number: Annotated[str, typer.Argument(help="A post in the team.")],
        reason: Annotated[str, typer.Option(help="Why.")] = "",
        url: Url = default_url,
        token: Token = "",
    ) -> None:
        """Name a post in a central team as its head (moves report to it by default)."""
        named = connect(url, token).name_team_head(team, post_number, reason)
        console().print(f"Post {named['head']} now heads {named['team_name']}.")
