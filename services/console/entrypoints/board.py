"""The board report page: the six-monthly programme report as of a date, CSV of every
table, and every table in one workbook (XLSX). Figures exactly as Workflow's
`GET /programme/board-report` gives them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.console.adapters.xlsx import XLSX_MEDIA_TYPE, tables_workbook
from services.console.application.board_report import (
    HEADINGS,
    NAMED_ROWS,
    charts,
    column_words,
    report_title,
    table_csv,
)
from services.console.entrypoints.formatting import install_filters
from services.console.entrypoints.session import SignedIn, console_of, render

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def page_context(report: dict[str, Any], csv_links: bool) -> dict[str, Any]:
    """What the report's templates need: its tables, charts, headings and words."""
    tables = report["tables"]
    return {
        "as_of": str(report["as_of"]),
        "tables": tables,
        "charts": charts(tables),
        "headings": HEADINGS,
        "named_rows": NAMED_ROWS,
        "words": column_words,
        "csv_links": csv_links,
    }


def render_document(report: dict[str, Any], stylesheet: str) -> str:
    """The report as one standalone GOV.UK-styled HTML document (for files and PDF)."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    install_filters(environment)
    template = environment.get_template("board_document.html")
    return template.render(**page_context(report, csv_links=False), stylesheet=stylesheet)


@router.get("/board")
async def board(request: Request, user: SignedIn, as_of: date | None = None) -> Response:
    """The report, as of a date (today by default)."""
    report = await _report(request, user.token, as_of)
    context = page_context(report, csv_links=True)
    return render(request, "board.html", title="Programme report to Cabinet", **context)


@router.get("/board/{table}.csv")
async def board_csv(
    table: str, request: Request, user: SignedIn, as_of: date | None = None
) -> Response:
    """One table of the report as CSV."""
    if table not in HEADINGS:
        raise HTTPException(404, f"the report has no table called {table!r}")
    report = await _report(request, user.token, as_of)
    disposition = f'attachment; filename="board-{table}-{report["as_of"]}.csv"'
    return Response(
        table_csv(report["tables"][table]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


@router.get("/board.xlsx")
async def board_xlsx(request: Request, user: SignedIn, as_of: date | None = None) -> Response:
    """Every table of the report as one workbook, a sheet a table."""
    report = await _report(request, user.token, as_of)
    disposition = f'attachment; filename="board-{report["as_of"]}.xlsx"'
    return Response(
        tables_workbook(report["tables"], report_title(report["as_of"])),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": disposition},
    )


async def _report(request: Request, token: str, as_of: date | None) -> dict[str, Any]:
    workflow = console_of(request).services.workflow
    answer: dict[str, Any] = await workflow.get(
        token, "/programme/board-report", as_of=as_of.isoformat() if as_of else None
    )
    return answer
