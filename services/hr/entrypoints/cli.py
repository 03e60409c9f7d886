"""`onecouncil hr ...`: bulk transfers, loading posts from CSV, firing due transfers.

Talks to the HR API over HTTP (`--url` or `ONECOUNCIL_HR_URL`; by default where `make demo`
runs it), signed in with `--token` or `ONECOUNCIL_TOKEN`.
Bulk rows go in chunks (`cli_bulk.py`); each chunk has its own idempotency key
derived from `--key`, so running the same command again with the same key does no work
for the chunks that were finished, and picks up a chunk that HR was interrupted in (a crash)
where it stopped. `bulk report RUN_ID` shows a run: finished, running or interrupted, what
was done and what remains.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from services.hr.entrypoints import (
    cli_corrections,
    cli_endings,
    cli_personal_data,
    cli_reporting,
)
from services.hr.entrypoints.cli_bulk import BulkRows, console, run_bulk, summary
from services.hr.entrypoints.cli_client import HrClient
from shared.cli_http import SERVICE_URLS, ServiceCommands

app = typer.Typer(
    cls=ServiceCommands, help="HR: the post register and post transfers.", no_args_is_help=True
)
bulk = typer.Typer(
    cls=ServiceCommands, help="One transfer action on many posts.", no_args_is_help=True
)
app.add_typer(bulk, name="bulk")


Url = Annotated[str, typer.Option(envvar="ONECOUNCIL_HR_URL", help="HR service URL.")]
Token = Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token (HR staff).")]
Csv = Annotated[
    Path | None,
    typer.Option(exists=True, help="CSV with a post_number column (and each line's own values)."),
]
Department = Annotated[str | None, typer.Option(help="Rows: a department's posts, e.g. CS.")]
Function = Annotated[str | None, typer.Option(help="Rows: a function's posts, e.g. FIN.")]
Simulate = Annotated[bool, typer.Option(help="Report what would happen; change nothing.")]
Rerun = Annotated[list[str] | None, typer.Option(help="Rerun the failed rows of this run id.")]
Key = Annotated[str | None, typer.Option(help="Idempotency key (default: a new one).")]
Chunk = Annotated[int, typer.Option(min=1, max=5000, help="Rows per request.")]
DEFAULT_URL = SERVICE_URLS["hr"][1]  # where `make demo` runs HR
OwnOptions = Callable[..., dict[str, Any]]
MAX_REMAINING_SHOWN = 20


def bulk_command(name: str, action: str) -> Callable[[OwnOptions], OwnOptions]:
    """Register `bulk NAME`: the decorated function's own options, then the shared ones.

    The decorated function turns its own options into the request's fields; which rows,
    simulate, key, chunk size, URL and token are the same for every action.
    """

    def register(own: OwnOptions) -> OwnOptions:
        def command(**given: Any) -> None:
            shared = {option: given.pop(option) for option in SHARED_OPTIONS}
            url, token = shared.pop("url"), shared.pop("token")
            run_bulk(action, own(**given), BulkRows(**shared), _client(url, token))

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
def approve(
    decision_reference: Annotated[
        str | None, typer.Option(help="The Cabinet or officer decision, e.g. CAB/2027/14.")
    ] = None,
    decision_date: Annotated[str | None, typer.Option(help="Its date, YYYY-MM-DD.")] = None,
    decision_maker: Annotated[str | None, typer.Option(help="cabinet or officer.")] = None,
) -> dict[str, Any]:
    """Approve many transfers (each needs a closed consultation and a passed budget check;
    a wave's policy may also need the decision they rest on)."""
    if not decision_reference:
        return {}
    return {
        "decision_reference": decision_reference,
        "decision_date": _date(decision_date) if decision_date else None,
        "decision_maker": decision_maker,
    }


@bulk_command("change-date", "change_effective_date")
def change_date(
    effective_date: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD, for rows that give none of their own.")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why, for rows that give none.")] = "",
) -> dict[str, Any]:
    """Change the effective date of many transfers before approval. The CSV's lines may give
    their own: post_number,effective_date,reports_to,reason (reports_to: the post in the team
    each reports to after the move)."""
    return {"effective_date": _date(effective_date) if effective_date else None, "reason": reason}


def with_reason(
    reason: Annotated[str, typer.Option(help="Why, for rows that give none of their own.")] = "",
) -> dict[str, Any]:
    """The run's reason (the CSV's lines may give their own: post_number,reason)."""
    return {"reason": reason}


for name, doing in (("reject", "Reject many transfers before approval"),
                     ("cancel", "Cancel many transfers not yet effective")):  # fmt: skip
    own = functools.partial(with_reason)
    own.__doc__ = f"{doing}; the CSV's lines may give their own reason (post_number,reason)."
    bulk_command(name, name)(own)


@bulk.command("report")
def report(
    run_id: Annotated[str, typer.Argument(help="A bulk run id, e.g. B-0123456789ab.")],
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Show a bulk run: its status, what was done so far, and what remains."""
    run = _client(url, token).bulk_run(run_id)
    console().print(f"Bulk run {run['run_id']} ({run['action']}): {run['status']}")
    summary(run["totals"], run["rows"], [], run["simulate"])
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
    summary(report["totals"], report["rows"], [])


@app.command("take-effect-due")
def take_effect_due(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Make every approved transfer whose effective date has come effective now."""
    report = _client(url, token).take_effect_due()
    console().print(f"As of {report['today']}:")
    summary(report["totals"], report["rows"], [])


@app.command("rescind")
def rescind(
    post_number: Annotated[str, typer.Argument(help="The post whose effective move was wrong.")],
    reason: Annotated[str, typer.Option(help="Why the move was a mistake.")],
    decided_by: Annotated[str, typer.Option(help="Who decided to rescind it.")],
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Rescind an effective transfer: the post goes back to its department and budget."""
    transfer = _client(url, token).rescind(post_number, reason, decided_by)
    console().print(f"Post {post_number}'s transfer {transfer['transfer_id']} is rescinded.")


cli_reporting.register(app, HrClient, DEFAULT_URL)
cli_corrections.register(app, HrClient, DEFAULT_URL)
cli_endings.register(app, HrClient, DEFAULT_URL)
cli_personal_data.register(app, HrClient, DEFAULT_URL)


def _client(url: str, token: str) -> HrClient:
    if not token:
        raise typer.BadParameter("give --token or set ONECOUNCIL_TOKEN", param_hint="--token")
    return HrClient(url, token)


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date like 2027-04-01") from None
