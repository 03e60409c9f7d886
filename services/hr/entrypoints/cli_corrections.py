"""`onecouncil hr correct`: put right a fact recorded wrongly about a post, from the CLI."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from services.hr.entrypoints.cli_bulk import console
from services.hr.entrypoints.cli_client import HrClient

Url = Annotated[str, typer.Option(envvar="ONECOUNCIL_HR_URL", help="HR service URL.")]
Token = Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token (HR staff).")]
NUMBERS = {"fte": float, "annual_cost": int}


def corrected_values(settings: list[str]) -> dict[str, Any]:
    """`field=value` pairs as the API takes them (`reports_to=` for no post)."""
    values: dict[str, Any] = {}
    for setting in settings:
        name, equals, text = setting.partition("=")
        name = name.strip().replace("-", "_")
        if not equals or not name:
            raise typer.BadParameter(f"{setting!r} is not field=value", param_hint="--set")
        try:
            values[name] = NUMBERS[name](text) if name in NUMBERS else (text.strip() or None)
        except ValueError:
            raise typer.BadParameter(f"{name} must be a number, not {text!r}") from None
    return values


def register(app: typer.Typer, client: type[HrClient], default_url: str) -> None:
    """Add the correction command to HR's CLI."""

    @app.command("correct")
    def correct(
        post_number: Annotated[str, typer.Argument(help="The post the wrong fact is about.")],
        event: Annotated[str, typer.Option(help="Id of the event that recorded it.")],
        set_: Annotated[
            list[str],
            typer.Option(
                "--set", help="field=value it should have said, e.g. department=ASCH (repeat)."
            ),
        ],
        reason: Annotated[str, typer.Option(help="Why the recorded fact was wrong.")],
        decided_by: Annotated[str, typer.Option(help="Who decided to correct it.")],
        url: Url = default_url,
        token: Token = "",
    ) -> None:
        """Correct a recorded fact (function, department, grade, cost, FTE, cost centre, line,
        a line change's date) by naming its event; the old event stays on the record."""
        if not token:
            raise typer.BadParameter("give --token or set ONECOUNCIL_TOKEN", param_hint="--token")
        body = {
            "corrects_event_id": event,
            "values": corrected_values(set_),
            "reason": reason,
            "decided_by": decided_by,
        }
        post = client(url, token).correct(post_number, body)
        console().print(f"Post {post['post_number']}'s event {event} is corrected.")
