"""The feed consumer's effect: each event with a department becomes a feed row per
department, in consumption order, in the consumer's transaction (with its inbox rows)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection

from services.workflow.domain.summaries import summary_of
from services.workflow.subscriptions import feed_store
from services.workflow.subscriptions.kinds import kind_of
from services.workflow.subscriptions.rules import CANDIDATE_IDENTIFIED, departments_of
from shared.events.catalogue import ReadEvent

FEED_CONSUMER = "workflow.feed"

_MORE_SUMMARIES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "PostMoveCompleted": lambda p: f"move into {p['team']} complete (budget moved too)",
    "TransferStalled": lambda p: (
        f"transfer stalled {p['days_in_stage']} days {p['stage'].replace('_', ' ')} "
        f"(limit {p['limit_days']})"
    ),
    "CandidateIdentified": lambda p: f"{p['kind']} candidate identified: {p['title']}",
    "CandidateAssessed": lambda p: (
        f"candidate assessed: {p['automation_potential_percent']}% potential, ease {p['ease']}"
    ),
    "CandidateApproved": lambda p: "candidate approved for delivery",
    "CandidateRejected": lambda p: f"candidate rejected: {p['reason']}",
    "CandidateDeliveryStarted": lambda p: "candidate delivery started",
    "CandidateDelivered": lambda p: (
        f"candidate delivered: £{p['realised_money_saved_per_year']:,} a year saved"
    ),
}


def describe(event_type: str, payload: Mapping[str, Any]) -> str:
    """One line saying what happened, in the council's words."""
    more = _MORE_SUMMARIES.get(event_type)
    try:
        return more(payload) if more else summary_of(event_type, payload)
    except (KeyError, TypeError, ValueError):
        return event_type  # a summary is a courtesy: never refuse an event over it


def apply_feed_events(connection: Connection, events: list[ReadEvent]) -> None:
    """Append the events that concern a department to its feed (EventConsumer's `apply`)."""
    feed_store.lock_feed(connection)
    mentioned = {
        str(event.envelope.payload["candidate_id"])
        for event in events
        if "candidate_id" in event.envelope.payload
    }
    known = feed_store.candidate_departments(connection, mentioned)
    identified: dict[str, list[str]] = {}
    rows: list[dict[str, Any]] = []
    for event in events:
        envelope, payload = event.envelope, event.envelope.payload
        kind = kind_of(envelope.event_type)
        departments = departments_of(envelope.event_type, envelope.department, payload, known)
        if kind is None or not departments:
            continue
        if envelope.event_type == CANDIDATE_IDENTIFIED:
            identified[str(payload["candidate_id"])] = departments
            known.setdefault(str(payload["candidate_id"]), departments)
        body = event.document  # as consumed: the hash still checks out for receivers
        rows += [
            {
                "department": department, "kind": kind, "event_id": str(envelope.event_id),
                "event_type": envelope.event_type, "aggregate_id": envelope.aggregate_id,
                "occurred_at": envelope.occurred_at.isoformat(),
                "summary": describe(envelope.event_type, payload),
                "document": json.dumps(body, separators=(",", ":"), ensure_ascii=False),
            }
            for department in departments
        ]  # fmt: skip
    feed_store.remember_candidates(connection, identified)
    feed_store.append(connection, rows)


class Bell:
    """Rung when the feed (or a redelivery queue) may have new work; waiters wake at once.

    Take `current()` *before* looking for work, then `wait` on it: a ring in between is
    not missed."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def current(self) -> asyncio.Event:
        return self._event

    def ring(self) -> None:
        self._event.set()
        self._event = asyncio.Event()


async def wait_for(event: asyncio.Event, timeout_s: float) -> None:
    """Wait until the event is set or `timeout_s` passes, whichever is first."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout_s)
