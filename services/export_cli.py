"""`onecouncil export payroll|ledger`: download a pay period's file from the service that owns
it (HR the establishment changes, Finance the ledger journal) to a file or standard output."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from shared.cli_http import Service, ServiceClient, ServiceCommands, ServiceFailure

app = typer.Typer(
    cls=ServiceCommands,
    help="Files for payroll and the ledger, for a pay period or a date range.",
    no_args_is_help=True,
)
Period = Annotated[str | None, typer.Option(help="Pay period, YYYY-MM, e.g. 2027-04.")]
From = Annotated[str | None, typer.Option("--from", help="First day of a range, YYYY-MM-DD.")]
To = Annotated[str | None, typer.Option("--to", help="Last day of a range, YYYY-MM-DD.")]
Out = Annotated[Path | None, typer.Option(help="Write the file here (default: print it).")]
Token = Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token.")]


@app.command()
def payroll(
    period: Period = None,
    start: From = None,
    end: To = None,
    layout: Annotated[
        Literal["csv", "fixed"], typer.Option("--format", help="csv, or the fixed-width layout.")
    ] = "csv",
    out: Out = None,
    url: Annotated[str | None, typer.Option(envvar="ONECOUNCIL_HR_URL", help="HR URL.")] = None,
    token: Token = "",
) -> None:
    """The establishment changes payroll needs (HR or finance staff)."""
    params = {**_period(period, start, end), "format": layout}
    _download(Service.local("hr", url), token, "/exports/payroll", params, out)


@app.command()
def ledger(
    period: Period = None,
    start: From = None,
    end: To = None,
    out: Out = None,
    url: Annotated[
        str | None, typer.Option(envvar="ONECOUNCIL_FINANCE_URL", help="Finance URL.")
    ] = None,
    token: Token = "",
) -> None:
    """The journals Finance booked, as balancing debit and credit lines (finance staff)."""
    _download(
        Service.local("finance", url), token, "/exports/ledger", _period(period, start, end), out
    )


def _period(period: str | None, start: str | None, end: str | None) -> dict[str, str]:
    given = {"period": period, "from": start, "to": end}
    for name in ("from", "to"):
        text = given[name]
        if text is not None:
            try:
                date.fromisoformat(text)
            except ValueError:
                raise typer.BadParameter(f"{text!r} is not a date like 2027-04-01") from None
    return {name: value for name, value in given.items() if value is not None}


def _download(
    service: Service, token: str, path: str, params: dict[str, str], out: Path | None
) -> None:
    if not token:
        raise typer.BadParameter("give --token or set ONECOUNCIL_TOKEN", param_hint="--token")
    with ServiceClient(service, token) as client:
        answer = client.send("GET", path, params=params)
    if answer.status_code >= 400:
        service.json_of(answer)  # raises the refusal, in the service's words
        raise ServiceFailure(f"refused (HTTP {answer.status_code})", answer.status_code)
    if out is None:
        typer.echo(answer.text, nl=False)
        return
    out.write_text(answer.text)
    rows = max(answer.text.count("\n") - 1, 0)
    typer.echo(f"wrote {out} ({rows} lines after the header)", err=True)
