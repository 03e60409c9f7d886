"""`onecouncil audit replay`: the auditor's replay of the event log. Read-only.

Exit code 0 when the log is clean, 1 when there are findings or differences, 2 on bad input.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from aiokafka.errors import (
    AuthenticationFailedError,
    KafkaConnectionError,
    SaslAuthenticationFailed,
    TopicAuthorizationFailedError,
)
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from services.audit.adapters import fast_json
from services.audit.adapters.kafka_log import EventLog, read_checkpoints
from services.audit.adapters.report_files import write_org_chart, write_report
from services.audit.adapters.workflow_api import WorkflowTracker
from services.audit.application.compare import compare_with_live
from services.audit.application.replay import Replay, ReplayOptions
from services.audit.application.run import run_replay
from services.audit.domain.board_facts import BoardFacts
from services.audit.domain.controls import AuditPolicy
from services.audit.domain.golden_thread import KINDS as THREAD_KINDS
from services.audit.domain.golden_thread import GoldenThread
from services.audit.domain.org_chart import org_chart_of
from services.audit.domain.report import AuditReport
from services.audit.domain.scope import Scope
from services.audit.entrypoints.summary import (
    print_org_chart,
    print_summary,
    write_golden_thread,
)
from shared.approval_policy import (
    DEFAULT_BULK_SENIOR_ABOVE,
    DEFAULT_SENIOR_ABOVE,
    ApprovalPolicy,
)
from shared.cli_http import ServiceCommands, ServiceFailure
from shared.events.consultation_rules import DEFAULT_MINIMUM_DAYS
from shared.events.envelope import hash_is_valid
from shared.events.keys import KeyRegistry
from shared.events.topics import DEAD_LETTER_TOPICS, EVENT_TOPICS, physical
from shared.kafka.security import access_to
from shared.programme.board import board_tables, tables_json

app = typer.Typer(
    cls=ServiceCommands, help="Auditors: replay the event log, check integrity and controls."
)
console = Console()


@app.callback()
def audit() -> None:
    """Replay the event log offline; nothing is changed, no consumer group is used."""


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = f"{value!r} is not a date like 2026-04-01"
        raise typer.BadParameter(message, param_hint=option) from None


@app.command()
def replay(
    bootstrap: Annotated[
        str, typer.Option(help="Kafka bootstrap servers.", envvar="KAFKA_BOOTSTRAP_SERVERS")
    ] = "127.0.0.1:9092",
    topic_prefix: Annotated[
        str, typer.Option(help="Prefix of the deployment's topics.", envvar="TOPIC_PREFIX")
    ] = "",
    from_date: Annotated[str | None, typer.Option(help="Read from this date (UTC).")] = None,
    as_of: Annotated[str | None, typer.Option(help="Rebuild the state as at this date.")] = None,
    as_known_on: Annotated[
        str | None,
        typer.Option(help="Read the log as it stood on this date: later records are left out."),
    ] = None,
    post: Annotated[str | None, typer.Option(help="Only this post's streams.")] = None,
    department: Annotated[str | None, typer.Option(help="Only this department.")] = None,
    out: Annotated[Path, typer.Option(help="Folder for report.json and CSVs.")] = Path(
        "audit-report"
    ),
    compare: Annotated[str | None, typer.Option(help="Workflow API URL to compare with.")] = None,
    token: Annotated[str | None, typer.Option(help="Bearer token for --compare.")] = None,
    consultation_minimum_days: Annotated[
        int,
        typer.Option(
            min=0,
            envvar="CONSULTATION_MINIMUM_DAYS",  # the same policy setting HR enforces
            help="The council's policy: the fewest days a consultation may run.",
        ),
    ] = DEFAULT_MINIMUM_DAYS,
    separation_of_duties: Annotated[
        bool,
        typer.Option(
            envvar="APPROVAL_SEPARATION_OF_DUTIES",  # the same policy settings HR enforces
            help="The council's policy: whoever proposed a transfer may not approve it.",
        ),
    ] = True,
    approval_limit: Annotated[
        int,
        typer.Option(
            min=0,
            envvar="APPROVAL_SENIOR_ABOVE",
            help="A post costing more a year (£) is approved by an hr_manager; 0: no limit.",
        ),
    ] = DEFAULT_SENIOR_ABOVE,
    bulk_approval_limit: Annotated[
        int,
        typer.Option(
            min=0,
            envvar="APPROVAL_BULK_SENIOR_ABOVE",
            help="Approvals of one request costing more together (£): an hr_manager's; 0: none.",
        ),
    ] = DEFAULT_BULK_SENIOR_ABOVE,
    org_chart: Annotated[
        bool,
        typer.Option(
            "--org-chart", help="Also rebuild who reported to whom (as of --as-of, else today)."
        ),
    ] = False,
    report_kind: Annotated[
        str | None,
        typer.Option(
            "--report", help="Also rebuild a report from the log: 'board' (needs --as-of)."
        ),
    ] = None,
    golden_thread: Annotated[
        str | None,
        typer.Option(
            "--golden-thread",
            help="Also answer the golden thread of post:<n>, candidate:<id> or team:<code> "
            "from the log (as Workflow's /golden-thread does).",
        ),
    ] = None,
    keys: Annotated[
        Path | None,
        typer.Option(
            envvar="SIGNING_KEYS_FILE",
            help="The key registry events must be signed by (default: the repository's).",
        ),
    ] = None,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            help="A checkpoint note kept outside Kafka (a service's exported file, a "
            "witness's copy): the log must still hold everything it signed. Repeatable.",
        ),
    ] = None,
) -> None:
    """Read the log once; report integrity and control findings and the state as at a date."""
    start, as_at = _date(from_date, "--from-date"), _date(as_of, "--as-of")
    known_on = _date(as_known_on, "--as-known-on")
    if report_kind not in (None, "board"):
        raise typer.BadParameter(f"unknown report {report_kind!r}: the one known is 'board'")
    if report_kind and (as_at is None or start is not None or post or department):
        raise typer.BadParameter("the board report needs --as-of and the whole log")
    board = BoardFacts() if report_kind else None
    thread = GoldenThread() if golden_thread else None
    if golden_thread and (golden_thread.partition(":")[0] not in THREAD_KINDS or post or
                          department or start is not None):  # fmt: skip
        raise typer.BadParameter(
            "give post:<n>, candidate:<id> or team:<code>, over the whole log",
            param_hint="--golden-thread",
        )
    if org_chart and as_at is None and not compare:
        as_at = date.today()  # a chart is always of a date: future-dated lines must wait
    if compare and (as_at or start or known_on):
        raise typer.BadParameter(
            "compares today's state: leave out --as-of, --as-known-on and --from-date"
        )
    if compare and not token:
        raise typer.BadParameter("needs --token (a bearer token for the Workflow API)")
    options = ReplayOptions(
        as_of=as_at,
        as_known_on=known_on,
        history_complete=start is None,
        scope=Scope(post=post, department=department),
        policy=AuditPolicy(
            consultation_minimum_days=consultation_minimum_days,
            read_at=datetime.now(UTC),
            approvals=ApprovalPolicy(
                separation_of_duties=separation_of_duties,
                senior_above=approval_limit or None,
                bulk_senior_above=bulk_approval_limit or None,
            ),
        ),
        collectors=tuple(c for c in (board, thread) if c is not None),
        keys=KeyRegistry.load(keys) if keys else None,
    )
    # Dead-letter topics too: a letter left open, or resolved unseen, is a finding.
    topics = [physical(name, topic_prefix) for name in EVENT_TOPICS + DEAD_LETTER_TOPICS]
    # The client's own log lines (Python's last-resort stderr) would repeat, with a traceback's
    # noise, what the replay reports itself: an unreachable broker, missing topics.
    logging.getLogger("aiokafka").addHandler(logging.NullHandler())
    try:
        notes = {f"from {path}": path.read_text() for path in checkpoint or ()}
        report = asyncio.run(_replay(bootstrap, topics, start, options, notes))
    except KafkaConnectionError:
        # aiokafka reports a refused SASL login as a connection closed, too.
        login = access_to(bootstrap).kafka_sasl_username
        refused = f" or it refused {login!r}'s login (KAFKA_SASL_PASSWORD)" if login else ""
        raise ServiceFailure(
            f"could not reach Kafka at {bootstrap}{refused}; point the CLI at it with "
            "--bootstrap or KAFKA_BOOTSTRAP_SERVERS"
        ) from None
    except (AuthenticationFailedError, SaslAuthenticationFailed):
        raise ServiceFailure(
            "Kafka refused the login: set KAFKA_SASL_USERNAME=auditor and its password "
            "(the secured broker's auditor.env holds both)"
        ) from None
    except TopicAuthorizationFailedError as error:
        raise ServiceFailure(
            f"Kafka refused this principal the log ({error}): a replay reads every topic, "
            "which only the auditor may (KAFKA_SASL_USERNAME=auditor)"
        ) from None
    if compare and token:
        tracker = WorkflowTracker(compare, token)
        try:
            compare_with_live(report, tracker, whole_log=options.scope.everything)
        finally:
            tracker.close()
    print_summary(console, report)
    paths = write_report(report, out)
    if org_chart:
        chart = org_chart_of(report, date.today())
        print_org_chart(console, chart)
        paths.append(write_org_chart(chart, out))
    for path in paths:
        console.print(f"  wrote {path}")
    if board is not None and as_at is not None:
        tables = tables_json(board_tables(board.inputs(), as_at))
        path = out / "board.json"
        path.write_text(json.dumps({"as_of": as_at.isoformat(), "tables": tables}, indent=2))
        console.print(f"  wrote {path} (the board report's figures, from the log alone)")
    found = True
    if thread is not None and golden_thread is not None:
        found = write_golden_thread(console, thread, golden_thread, out)
    raise typer.Exit(0 if report.clean and found else 1)


async def _replay(
    bootstrap: str,
    topics: list[str],
    start: date | None,
    options: ReplayOptions,
    notes: dict[str, str],
) -> AuditReport:
    replay_ = Replay(options, fast_json.decode, hash_is_valid)
    await read_checkpoints(bootstrap, topics, start, replay_)
    for source, note in notes.items():
        replay_.take_checkpoint(note, source)
    async with EventLog(bootstrap, topics, start) as log:
        if log.missing_topics:
            console.print(f"[yellow]No such topic(s): {', '.join(log.missing_topics)}[/yellow]")
        columns = (
            TextColumn("Replaying"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("messages"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("replay", total=log.total)
            return await run_replay(log, replay_, lambda read: progress.advance(task, read))
