"""The org chart as at the replay's date, from the establishment the replay rebuilt."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.audit.domain.report import AuditReport
from shared.org_chart import ChartPost, org_chart


def org_chart_of(report: AuditReport, today: date) -> dict[str, Any]:
    """Who reported to whom on the as-of date (today's chart when none was given)."""
    posts = [
        ChartPost(
            post_number=post.post_number,
            title=post.title or "",
            vacant=post.vacant,
            department=post.department or "unknown",
            team=post.team,
            reports_to=post.reports_to,
        )
        for post in report.posts.values()
        if post.registered
    ]
    return org_chart(posts, report.team_heads, report.as_of or today, report.as_known_on)
