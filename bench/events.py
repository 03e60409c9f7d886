"""Realistic event streams for benchmarks: each demo post's transfer, start to finish."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from shared.demo.establishment import DemoPost, generate_posts
from shared.events import hr
from shared.events.base import EventPayload
from shared.reference import CENTRAL_TEAMS
from tests.support.envelopes import StreamWriter, to_bytes

HR_EVENTS_PER_POST = 6


def transfer_lifecycle(post: DemoPost, transfer_id: str, start: date) -> list[EventPayload]:
    """PostRegistered through TransferEffective for one post (HR's stream)."""
    ids = {"post_number": post.post_number, "transfer_id": transfer_id}
    team, effective = post.function, start + timedelta(days=60)
    money = {"annual_cost": post.annual_cost, "fte": post.fte, "cost_centre": post.cost_centre}
    return [
        hr.PostRegistered(
            post_number=post.post_number,
            title=post.title,
            grade=post.grade,
            function=post.function,
            department=post.department,
            employee_ref=post.employee_ref,
            **money,
        ),
        hr.TransferProposed(
            **ids,
            function=team,
            from_department=post.department,
            target_team=team,
            effective_date=effective,
            reason=f"Move into {CENTRAL_TEAMS[team]}",
            **money,
        ),
        hr.ConsultationOpened(**ids, opened_on=start, closes_by=start + timedelta(days=30)),
        hr.ConsultationClosed(**ids, closed_on=start + timedelta(days=28), outcome="agreed"),
        hr.TransferApproved(**ids, target_team=team, effective_date=effective),
        hr.TransferEffective(
            **ids,
            from_department=post.department,
            target_team=team,
            effective_date=effective,
            **money,
        ),
    ]


def hr_post_messages(count: int, seed: int = 2026) -> Iterator[tuple[bytes, bytes]]:
    """(key, value) pairs: `count` HR events, six per post, each post's in order."""
    writer = StreamWriter("hr")
    produced = 0
    for post in generate_posts(seed, support_posts=count // HR_EVENTS_PER_POST + 1):
        for payload in transfer_lifecycle(post, f"T-{post.post_number}", date(2026, 12, 1)):
            document = writer.document(payload, post.post_number, post.department)
            yield post.post_number.encode(), to_bytes(document)
            produced += 1
            if produced == count:
                return
