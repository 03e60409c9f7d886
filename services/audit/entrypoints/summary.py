"""The terminal summary of a replay (rich tables), and the golden thread it answered; the
files hold everything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from services.audit.domain.golden_thread import GoldenThread, UnknownThread
from services.audit.domain.report import AuditReport

SHOWN = 20


def print_summary(console: Console, report: AuditReport) -> None:
    """Counts, findings (the first few, with where they are), the state as at the date."""
    when = report.as_of.isoformat() if report.as_of else "the end of the log"
    if report.as_known_on is not None:
        when += f", as known on {report.as_known_on.isoformat()}"
    console.print(
        f"[bold]Replay[/bold]: {report.events_read:,} events read, "
        f"{report.events_in_scope:,} in scope, {report.aggregates:,} aggregates, "
        f"{report.duplicates:,} redelivered duplicates"
        + ("" if report.history_complete else " [yellow](partial history: from a date)[/yellow]")
    )
    _print_findings(console, report)
    stages = Table(title=f"Stage of every post as at {when}")
    stages.add_column("stage")
    stages.add_column("posts", justify="right")
    for stage, count in sorted(report.stages().items()):
        stages.add_row(stage, f"{count:,}")
    console.print(stages)
    places = Table(title=f"Where posts sat as at {when}")
    for column in ("department or team", "posts", "annual cost (£)"):
        places.add_column(column, justify="left" if column.startswith("dep") else "right")
    for name, (count, cost) in report.placements().items():
        places.add_row(name, f"{count:,}", f"{cost:,}")
    console.print(places)
    if report.differences is not None:
        _print_differences(console, report)


def _print_findings(console: Console, report: AuditReport) -> None:
    integrity, controls = len(report.integrity), len(report.controls)
    unreadable = len(report.unreadable)
    colour = "green" if not report.findings else "red"
    console.print(
        f"[{colour}]Integrity findings: {integrity}   Control findings: {controls}   "
        f"Unreadable messages: {unreadable}[/{colour}]  ({len(report.checks)} control checks ran)"
    )
    if not report.findings:
        return
    table = Table(title=f"Findings (first {SHOWN}; all in findings.csv)")
    for column in ("rule", "aggregate", "where", "event id", "what is wrong"):
        table.add_column(column, overflow="fold")
    for finding in report.findings[:SHOWN]:
        first = finding.events[0] if finding.events else None
        table.add_row(
            finding.rule,
            finding.aggregate or "",
            first.where() if first else "",
            first.event_id if first else "",
            finding.message,
        )
    console.print(table)


def _print_differences(console: Console, report: AuditReport) -> None:
    differences = report.differences or []
    colour = "green" if not differences else "red"
    console.print(
        f"[{colour}]Live tracker comparison: {len(differences)} difference(s) "
        f"over {report.compared_posts:,} posts[/{colour}]"
    )
    for difference in differences[:SHOWN]:
        console.print(f"  {difference.describe()}")


def print_org_chart(console: Console, chart: dict[str, Any]) -> None:
    """Per department and central team: its head, its posts and its vacancies."""
    known = f", as known on {chart['as_known_on']}" if chart.get("as_known_on") else ""
    title = f"Org chart as at {chart['as_of']}{known} (the whole tree in org-chart.json)"
    table = Table(title=title)
    for column in ("department or team", "head", "posts", "top of the line", "vacant"):
        table.add_column(column, justify="left" if column == "department or team" else "right")
    units = [*chart["departments"], *chart["teams"]]
    for unit in units:
        counted = _count(unit["posts"])
        if counted[0]:
            top = ", ".join(p["post_number"] for p in unit["posts"][:3])
            more = "…" if len(unit["posts"]) > 3 else ""
            table.add_row(
                unit["name"],
                unit.get("head") or "",
                f"{counted[0]:,}",
                top + more,
                f"{counted[1]:,}",
            )
    console.print(table)


def _count(nodes: list[dict[str, Any]]) -> tuple[int, int]:
    """(posts, vacant posts) in these trees."""
    posts = vacant = 0
    for node in nodes:
        below = _count(node["reports"])
        posts, vacant = posts + 1 + below[0], vacant + node["vacant"] + below[1]
    return posts, vacant


def write_golden_thread(console: Console, thread: GoldenThread, subject: str, out: Path) -> bool:
    """Print and write (`golden-thread.json`) the subject's thread; False when the log has
    nothing for it."""
    try:
        answer = thread.answer(subject)
    except UnknownThread as missing:
        console.print(f"[red]Golden thread: {missing}[/red]")
        return False
    threads = answer.get("candidates", [answer])
    events = sum(len(t["events"]) for t in threads)
    console.print(
        f"Golden thread of {subject}: {len(threads)} candidate(s), {events} events; "
        f"realised booked £{answer['realised_booked']:,}, budget reduced "
        f"£{answer['budget_reduced']:,}, {answer['fte_released']:g} FTE released"
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out / "golden-thread.json"
    path.write_text(json.dumps(answer, indent=2))
    console.print(f"  wrote {path}")
    return True
