"""How `onecouncil hr bulk ...` sends its rows and shows what happened.

The rows go in chunks so the progress bar moves, each chunk with its own idempotency key
derived from the run's key; the summary groups refusals by what went wrong. Date changes,
rejections and cancellations read each CSV line's own values and check every line before
anything is sent, so a bad line is named with its line number in the file.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from services.hr.application.bulk import ROW_VALUES, RowValues
from services.hr.entrypoints.bulk_rows import read_rows
from services.hr.entrypoints.cli_client import HrClient
from services.hr.entrypoints.posts_csv import CsvUnreadable, read_post_numbers
from shared.chunks import chunks
from shared.cli_http import ServiceFailure

MAX_REASONS = 20


def console() -> Console:
    """The terminal, measured when a command runs (not at import)."""
    return Console()


@dataclass(frozen=True, kw_only=True)
class BulkRows:
    """What every bulk command shares: which rows, whether to simulate, how to send them."""

    csv: Path | None
    department: str | None
    function: str | None
    simulate: bool
    rerun_failed: list[str] | None
    key: str | None
    chunk_size: int


def run_bulk(action: str, options: dict[str, Any], rows: BulkRows, client: HrClient) -> None:
    simulate, key, chunk_size = rows.simulate, rows.key, rows.chunk_size
    base = {"action": action, "simulate": simulate, **options}
    if rows.rerun_failed:
        requests = [{**base, "rerun_failed_of": run_id} for run_id in rows.rerun_failed]
    elif action in ROW_VALUES and rows.csv is not None:
        own = _own_rows(action, options, rows)
        requests = [{**base, "rows": chunk} for chunk in chunks(own, chunk_size)]
    else:
        numbers = _rows(client, rows.csv, rows.department, rows.function)
        requests = [{**base, "post_numbers": chunk} for chunk in chunks(numbers, chunk_size)]
    if key is None:
        key = uuid.uuid4().hex
        if not simulate:  # without it, a run HR was interrupted in could not be resumed
            console().print(f"Idempotency key: {key} (give --key {key} to resume or repeat)")
    results: list[dict[str, Any]] = []
    run_ids: list[str] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console()) as progress:
        task = progress.add_task(
            ("Simulating " if simulate else "") + action.replace("_", " "),
            total=sum(len(r.get("post_numbers") or r.get("rows") or []) for r in requests),
        )
        for index, request in enumerate(requests):
            report = _send(client, request, f"{key}-{index}", key)
            if report.get("resumed"):
                console().print(f"Resumed interrupted run {report['run_id']}")
            results += report["rows"]
            run_ids.append(report["run_id"])
            progress.update(task, advance=len(report["rows"]))
    counted = Counter(row["outcome"] for row in results)
    totals = {"rows": len(results), **{k: counted[k] for k in ("done", "refused", "error")}}
    summary(totals, results, run_ids, simulate)


def _own_rows(action: str, options: dict[str, Any], rows: BulkRows) -> list[dict[str, Any]]:
    """Each CSV line as a row with its own values; every bad line named before any is sent."""
    if rows.department or rows.function:
        raise typer.BadParameter("give --csv FILE, or --department and/or --function")
    assert rows.csv is not None
    when = options.get("effective_date")
    run = RowValues(
        effective_date=date.fromisoformat(when) if when else None,
        reason=options.get("reason") or "",
    )
    try:
        numbers, values = read_rows(rows.csv.read_text(), action, run)
    except CsvUnreadable as unreadable:
        raise typer.BadParameter(str(unreadable), param_hint="--csv") from None
    return [
        {**asdict(own), "post_number": number, "effective_date": _iso(own.effective_date)}
        for number, own in zip(numbers, values, strict=True)
    ]


def _iso(when: date | None) -> str | None:
    return when.isoformat() if when else None


def _rows(
    client: HrClient, csv: Path | None, department: str | None, function: str | None
) -> list[str]:
    if csv is not None and not (department or function):
        return read_post_numbers(csv.read_text())
    if csv is None and (department or function):
        return client.post_numbers(department, function)
    raise typer.BadParameter("give --csv FILE, or --department and/or --function")


def summary(
    totals: dict[str, int], rows: list[dict[str, Any]], run_ids: list[str], simulate: bool = False
) -> None:
    table = Table(title="Simulated — nothing was changed" if simulate else "Summary")
    table.add_column("Outcome")
    table.add_column("Rows", justify="right")
    table.add_column("Reason")
    table.add_row("done", str(totals.get("done", 0)), "")
    # Group refusals by what went wrong, not by post: "post <post> is not in the register".
    reasons = Counter(
        (row["outcome"], row["reason"].replace(row["post_number"], "<post>"))
        for row in rows
        if row["outcome"] != "done"
    )
    for (outcome, reason), count in reasons.most_common(MAX_REASONS):
        table.add_row(outcome, str(count), reason)
    if len(reasons) > MAX_REASONS:
        table.add_row("…", "", f"{len(reasons) - MAX_REASONS} more kinds of refusal")
    console().print(table)
    if run_ids:
        console().print("Bulk run ids (for --rerun-failed): " + " ".join(run_ids))


def _send(client: HrClient, request: dict[str, Any], chunk_key: str, key: str) -> dict[str, Any]:
    try:
        return client.bulk(request, chunk_key)
    except ServiceFailure as failure:
        # Cut short (no answer, HR failed, or another request has the run): the key resumes it.
        if failure.status is None or failure.status >= 500 or "still running" in failure.message:
            failure.hint = f"Run the same command with --key {key} to pick up where it stopped."
        raise
