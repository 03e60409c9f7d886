"""`onecouncil report board --as-of 2027-09-30`: the six-monthly programme report to Cabinet
as files — GOV.UK-styled HTML, CSV of every table, the figures as JSON, with `--xlsx` every
table in one workbook, and with `--pdf` the PDF printed by headless Chromium. Figures from
Workflow (`--url` or ONECOUNCIL_WORKFLOW_URL)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from services.console.adapters.pdf import PdfFailed, print_to_pdf
from services.console.adapters.xlsx import tables_workbook
from services.console.application.board_report import report_title, table_csv
from services.console.entrypoints.board import render_document
from services.console.settings import ASSETS
from shared.cli_http import SERVICE_URLS, Service, ServiceClient, ServiceCommands, ServiceFailure

app = typer.Typer(cls=ServiceCommands, help="Reports to the programme board.", no_args_is_help=True)
STYLESHEETS = (ASSETS / "govuk-frontend.min.css", Path(__file__).parents[1] / "static/console.css")


@app.callback()
def report() -> None:
    """Reports to the programme board, from Workflow's figures."""


def fetch_report(url: str, token: str, as_of: date) -> dict[str, Any]:
    """Workflow's figures for the report (tests replace this)."""
    with ServiceClient(Service.local("workflow", url), token) as workflow:
        answer: dict[str, Any] = workflow.call(
            "GET", "/programme/board-report", params={"as_of": as_of.isoformat()}
        )
    return answer


def write_board_files(
    report: dict[str, Any], out: Path, pdf: bool, xlsx: bool = False
) -> list[Path]:
    """The report's files in `out`: board.html, board.json, board-<table>.csv, board.xlsx,
    board.pdf."""
    out.mkdir(parents=True, exist_ok=True)
    stylesheet = "\n".join(p.read_text() for p in STYLESHEETS if p.is_file())
    html = out / "board.html"
    html.write_text(render_document(report, stylesheet))
    figures = out / "board.json"
    figures.write_text(json.dumps(report, indent=2, default=str))
    written = [html, figures]
    for name, table in report["tables"].items():
        path = out / f"board-{name}.csv"
        path.write_text(table_csv(table))
        written.append(path)
    if xlsx:
        workbook = out / "board.xlsx"
        workbook.write_bytes(tables_workbook(report["tables"], report_title(report["as_of"])))
        written.append(workbook)
    if pdf:
        try:
            written.append(print_to_pdf(html, out / "board.pdf"))
        except PdfFailed as failure:
            raise ServiceFailure(str(failure)) from None
    return written


@app.command("board")
def board(
    as_of: Annotated[str, typer.Option(help="The report's date, e.g. 2027-09-30.")],
    out: Annotated[Path, typer.Option(help="Folder for the files.")] = Path("board-report"),
    pdf: Annotated[bool, typer.Option(help="Also print board.pdf with headless Chromium.")] = False,
    xlsx: Annotated[bool, typer.Option(help="Also write board.xlsx, a sheet a table.")] = False,
    url: Annotated[
        str, typer.Option(envvar=SERVICE_URLS["workflow"][0], help="Workflow URL.")
    ] = SERVICE_URLS["workflow"][1],
    token: Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token.")] = "",
) -> None:
    """The six-monthly programme report to Cabinet as of a date."""
    try:
        day = date.fromisoformat(as_of)
    except ValueError:
        raise typer.BadParameter(f"{as_of!r} is not a date like 2027-09-30") from None
    for path in write_board_files(fetch_report(url, token, day), out, pdf, xlsx):
        typer.echo(f"wrote {path}")
