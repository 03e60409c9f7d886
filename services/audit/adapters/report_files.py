"""Write the report as files: report.json (everything), findings.csv, posts.csv, differences.csv."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from services.audit.domain.records import Finding
from services.audit.domain.report import AuditReport
from shared.safe_csv import write_rows

FINDING_COLUMNS = (
    "kind",
    "rule",
    "aggregate",
    "event_id",
    "event_type",
    "topic",
    "partition",
    "offset",
    "other_events",
    "message",
)
POST_COLUMNS = (
    "post_number",
    "registered",
    "function",
    "department",
    "team",
    "placement",
    "stage",
    "transfer_id",
    "target_team",
    "effective_date",
    "cost_centre",
    "budget_holder",
    "annual_cost",
    "fte",
)


def write_report(report: AuditReport, folder: Path) -> list[Path]:
    """Write every file into the folder (created if needed); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "report.json", folder / "findings.csv", folder / "posts.csv"]
    paths[0].write_text(json.dumps(report_document(report), indent=2, default=str))
    _write_csv(paths[1], FINDING_COLUMNS, [_finding_row(f) for f in report.findings])
    _write_csv(paths[2], POST_COLUMNS, [_post_row(report, n) for n in sorted(report.posts)])
    if report.differences is not None:
        paths.append(folder / "differences.csv")
        rows = [asdict(difference) for difference in report.differences]
        _write_csv(paths[-1], ("post_number", "replayed", "live"), rows)
    return paths


def write_org_chart(chart: dict[str, Any], folder: Path) -> Path:
    """Write the org chart the replay rebuilt as org-chart.json; return its path."""
    path = folder / "org-chart.json"
    path.write_text(json.dumps(chart, indent=2))
    return path


def report_document(report: AuditReport) -> dict[str, Any]:
    """The JSON form of the report."""
    return {
        "as_of": report.as_of,
        "as_known_on": report.as_known_on,
        "history_complete": report.history_complete,
        "clean": report.clean,
        "events_read": report.events_read,
        "events_in_scope": report.events_in_scope,
        "redelivered_duplicates": report.duplicates,
        "aggregates": report.aggregates,
        "event_types": dict(sorted(report.event_types.items())),
        "checks": report.checks,
        "findings_by_rule": dict(report.findings_by_rule()),
        "findings": [_finding_document(finding) for finding in report.findings],
        "stages": dict(report.stages()),
        "placements": {
            name: {"posts": count, "annual_cost": cost}
            for name, (count, cost) in report.placements().items()
        },
        "posts": [_post_row(report, number) for number in sorted(report.posts)],
        "comparison": None
        if report.differences is None
        else {
            "posts_compared": report.compared_posts,
            "differences": [asdict(difference) for difference in report.differences],
        },
    }


def _finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "rule": finding.rule,
        "aggregate": finding.aggregate,
        "message": finding.message,
        "events": [ref._asdict() for ref in finding.events],
    }


def _finding_row(finding: Finding) -> dict[str, Any]:
    first: dict[str, Any] = finding.events[0]._asdict() if finding.events else {}
    others = " ".join(f"{ref.event_id}@{ref.where()}" for ref in finding.events[1:])
    first.pop("aggregate", None)
    return {
        "kind": finding.kind,
        "rule": finding.rule,
        "aggregate": finding.aggregate,
        "message": finding.message,
        "other_events": others,
        **first,
    }


def _post_row(report: AuditReport, number: str) -> dict[str, Any]:
    post = report.posts[number]
    row = {column: getattr(post, column, None) for column in POST_COLUMNS}
    row["budget_holder"] = post.budget_holder
    row["effective_date"] = post.effective_date.isoformat() if post.effective_date else None
    return row


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="") as file:
        write_rows(file, columns, rows)
