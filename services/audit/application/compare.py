"""Compare the replayed state with the live Workflow tracker."""

from __future__ import annotations

from services.audit.application.ports import LiveTracker
from services.audit.domain.comparison import compare_stages
from services.audit.domain.report import AuditReport


def compare_with_live(report: AuditReport, tracker: LiveTracker, whole_log: bool) -> None:
    """Fill the report's differences; outside a whole-log replay only replayed posts count."""
    replayed = {number: post.stage for number, post in report.posts.items()}
    live = tracker.stages(sorted(replayed))
    if not whole_log:
        live = {number: stage for number, stage in live.items() if number in replayed}
    report.differences = compare_stages(replayed, live)
    report.compared_posts = len(set(replayed) | set(live))
