"""`onecouncil hr ...`: bulk transfers, loading posts from CSV, firing due transfers.

Talks to the HR API over HTTP (`--url` or `ONECOUNCIL_HR_URL`; by default where `make demo`
runs it), signed in with `--token` or `ONECOUNCIL_TOKEN`.
Bulk rows go in chunks so the progress bar moves; each chunk has its own idempotency key
derived from `--key`, so running the same command again with the same key does no work
for the chunks that were finished, and picks up a chunk that HR was interrupted in (a crash)
where it stopped. `bulk report RUN_ID` shows a run: finished, running or interrupted, what
was done and what remains.
"""

from __future__ import annotations

import inspect
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from services.hr.entrypoints.cli_client import HrClient
from services.hr.entrypoints.posts_csv import read_post_numbers
from shared.cli_http import SERVICE_URLS, ServiceCommands, ServiceFailure

app = typer.Typer(
    cls=ServiceCommands, help="HR: the post register and post transfers.", no_args_is_help=True
)
bulk = typer.Typer(
    cls=ServiceCommands, help="One transfer action on many posts.", no_args_is_help=True
)
app.add_typer(bulk, name="bulk")


def console() -> Console:
    """The terminal, measured when a command runs (not at import)."""
    return Console()


Url = Annotated[str, typer.Option(envvar="ONECOUNCIL_HR_URL", help="HR service URL.")]
Token = Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token (HR staff).")]
Csv = Annotated[Path | None, typer.Option(exists=True, help="CSV with a post_number column.")]
Department = Annotated[str | None, typer.Option(help="Rows: a department's posts, e.g. CS.")]
Function = Annotated[str | None, typer.Option(help="Rows: a function's posts, e.g. FIN.")]
Simulate = Annotated[bool, typer.Option(help="Report what would happen; change nothing.")]
Rerun = Annotated[list[str] | None, typer.Option(help="Rerun the failed rows of this run id.")]
Key = Annotated[str | None, typer.Option(help="Idempotency key (default: a new one).")]
Chunk = Annotated[int, typer.Option(min=1, max=5000, help="Rows per request.")]
DEFAULT_URL = SERVICE_URLS["hr"][1]  # where `make demo` runs HR
OwnOptions = Callable[..., dict[str, Any]]
MAX_REASONS = 20
MAX_REMAINING_SHOWN = 20


def bulk_command(name: str, action: str) -> Callable[[OwnOptions], OwnOptions]:
    """Register `bulk NAME`: the decorated function's own options, then the shared ones.

    The decorated function turns its own options into the request's fields; which rows,
    simulate, key, chunk size, URL and token are the same for every action.
    """

    def register(own: OwnOptions) -> OwnOptions:
        def command(**given: Any) -> None:
            shared = {name: given.pop(name) for name in SHARED_OPTIONS}
            url, token = shared.pop("url"), shared.pop("token")
            _run_bulk(action, own(**given), BulkRows(**shared), _client(url, token))

        parameters = [
            *inspect.signature(own, eval_str=True).parameters.values(),
            *inspect.signature(_shared_options, eval_str=True).parameters.values(),
        ]
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        command.__doc__ = own.__doc__
        bulk.command(name)(command)
        return own

    return register


def _shared_options(
    csv: Csv = None,
    department: Department = None,
    function: Function = None,
    simulate: Simulate = False,
    rerun_failed: Rerun = None,
    key: Key = None,
    chunk_size: Chunk = 100,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """The options every bulk command takes after its own (read for their signature)."""


SHARED_OPTIONS = tuple(inspect.signature(_shared_options).parameters)


@bulk_command("propose", "propose")
def propose(
    effective_date: Annotated[str, typer.Option(help="YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option(help="Why these posts move.")],
    team: Annotated[
        str | None, typer.Option(help="Central team (default: each post's function's own).")
    ] = None,
) -> dict[str, Any]:
    """Propose moving many posts into their centralised teams."""
    return {"effective_date": _date(effective_date), "reason": reason, "target_team": team}


@bulk_command("consult", "open_consultation")
def consult(
    closes_by: Annotated[str, typer.Option(help="Date the consultation closes, YYYY-MM-DD.")],
) -> dict[str, Any]:
    """Open consultation on many proposed transfers."""
    return {"closes_by": _date(closes_by)}


@bulk_command("close-consultation", "close_consultation")
def close_consultation(
    outcome: Annotated[str, typer.Option(help="agreed, agreed_with_changes or not_agreed.")],
    notes: Annotated[str, typer.Option(help="What the consultation found.")] = "",
) -> dict[str, Any]:
    """Close consultation on many transfers with one outcome."""
    return {"outcome": outcome, "notes": notes}


@bulk_command("approve", "approve")
def approve() -> dict[str, Any]:
    """Approve many transfers (each needs a closed consultation and a passed budget check)."""
    return {}


@bulk.command("report")
def report(
    run_id: Annotated[str, typer.Argument(help="A bulk run id, e.g. B-0123456789ab.")],
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Show a bulk run: its status, what was done so far, and what remains."""
    run = _client(url, token).bulk_run(run_id)
    console().print(f"Bulk run {run['run_id']} ({run['action']}): {run['status']}")
    _summary(run["totals"], run["rows"], [], run["simulate"])
    if run["remaining"]:
        numbers = run["remaining_post_numbers"]
        shown = ", ".join(numbers[:MAX_REMAINING_SHOWN])
        more = (
            f" and {len(numbers) - MAX_REMAINING_SHOWN} more"
            if len(numbers) > MAX_REMAINING_SHOWN
            else ""
        )
        console().print(f"Remaining: {run['remaining']} rows not done yet: {shown}{more}")
    if run["status"] == "interrupted":
        console().print("Run the same command again with the same --key to resume it.")


@app.command("load-csv")
def load_csv(
    file: Annotated[Path, typer.Argument(exists=True, help="CSV of posts with a header row.")],
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Register the posts in a CSV file; lines that are wrong are reported, not loaded."""
    report = _client(url, token).load_csv(file.read_text())
    _summary(report["totals"], report["rows"], [])


@app.command("take-effect-due")
def take_effect_due(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Make every approved transfer whose effective date has come effective now."""
    report = _client(url, token).take_effect_due()
    console().print(f"As of {report['today']}:")
    _summary(report["totals"], report["rows"], [])


@dataclass(frozen=True)
class BulkRows:
    """What every bulk command shares: which rows, whether to simulate, how to send them."""

    csv: Path | None
    department: str | None
    function: str | None
    simulate: bool
    rerun_failed: list[str] | None
    key: str | None
    chunk_size: int


def _run_bulk(action: str, options: dict[str, Any], rows: BulkRows, client: HrClient) -> None:
    simulate, key, chunk_size = rows.simulate, rows.key, rows.chunk_size
    base = {"action": action, "simulate": simulate, **options}
    if rows.rerun_failed:
        requests = [{**base, "rerun_failed_of": run_id} for run_id in rows.rerun_failed]
    else:
        numbers = _rows(client, rows.csv, rows.department, rows.function)
        chunks = [numbers[i : i + chunk_size] for i in range(0, len(numbers), chunk_size)]
        requests = [{**base, "post_numbers": chunk} for chunk in chunks]
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
            total=sum(len(r.get("post_numbers", [])) for r in requests),
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
    _summary(totals, results, run_ids, simulate)


def _rows(
    client: HrClient, csv: Path | None, department: str | None, function: str | None
) -> list[str]:
    if csv is not None and not (department or function):
        return read_post_numbers(csv.read_text())
    if csv is None and (department or function):
        return client.post_numbers(department, function)
    raise typer.BadParameter("give --csv FILE, or --department and/or --function")


def _summary(
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


def _client(url: str, token: str) -> HrClient:
    if not token:
        raise typer.BadParameter("give --token or set ONECOUNCIL_TOKEN", param_hint="--token")
    return HrClient(url, token)


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date like 2027-04-01") from None


def _send(client: HrClient, request: dict[str, Any], chunk_key: str, key: str) -> dict[str, Any]:
    try:
        return client.bulk(request, chunk_key)
    except ServiceFailure as failure:
        # Cut short (no answer, HR failed, or another request has the run): the key resumes it.
        if failure.status is None or failure.status >= 500 or "still running" in failure.message:
            failure.hint = f"Run the same command with --key {key} to pick up where it stopped."
        raise
