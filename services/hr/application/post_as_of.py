"""A post as at a date, as known on a date: HR's post history folded by the org chart's rules
(services/hr/application/org_chart.py), for "what did we believe on D1 about D2?"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from services.hr.application.org_chart import Document, fold_posts


def post_as_of(
    history: Iterable[Document], post_number: str, as_of: date, as_known_on: date | None
) -> dict[str, Any] | None:
    """The post's details, place and latest transfer then; None if not yet registered."""
    posts, _ = fold_posts(history, as_of, as_known_on)
    found = posts.get(post_number)
    if found is None:
        return None
    post = found.post
    return {
        "post_number": post_number,
        "as_of": as_of.isoformat(),
        "as_known_on": as_known_on.isoformat() if as_known_on else None,
        "title": post.title,
        **found.details,
        "department": post.department,
        "team": post.team,
        "reports_to": post.reports_to,
        "vacant": post.vacant,
        "stage": found.transfer["stage"] if found.transfer else "in_department",
        "transfer": found.transfer,
    }
