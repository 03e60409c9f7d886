"""The feed writer: each event with a department becomes a feed row per department, in
consumption order, written in the transaction of the consumer that already reads the event's
topic (`with_feed`), together with that consumer's effect and inbox rows. No consumer group
of its own, so every event is read once."""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import orjson
from sqlalchemy import Connection, Engine

from services.workflow.adapters.exercise_queries import departments_of_exercises
from services.workflow.domain.summaries import summary_of
from services.workflow.projections.tracker import iso_text
from services.workflow.subscriptions import feed_store
from services.workflow.subscriptions.kinds import kind_of
from services.workflow.subscriptions.rules import departments_of
from shared.events import consultation, milestones, redesign
from shared.events.base import EventPayload
from shared.events.catalogue import ReadEvent

ApplyEvents = Callable[[Connection, list[ReadEvent]], None]  # as shared.kafka.consuming

# Summaries of the events beyond the tracker's (`domain/summaries.py`) that leads see.
_MORE_SUMMARIES: dict[type[EventPayload], Callable[[Mapping[str, Any]], str]] = {
    milestones.PostMoveCompleted: lambda p: f"move into {p['team']} complete (budget moved too)",
    milestones.TransferStalled: lambda p: (
        f"transfer stalled {p['days_in_stage']} days {p['stage'].replace('_', ' ')} "
        f"(limit {p['limit_days']})"
    ),
    milestones.WaveSlipped: lambda p: (
        f"{p['wave_name']} slipped: {p['milestone'].replace('_', ' ')} planned for "
        f"{p['planned_on']} (plan v{p['plan_version']}), {p['posts_reached']} of "
        f"{p['posts_in_wave']} posts there"
    ),
    redesign.CandidateIdentified: lambda p: f"{p['kind']} candidate identified: {p['title']}",
    redesign.CandidateAssessed: lambda p: (
        f"candidate assessed: {p['automation_potential_percent']}% potential, ease {p['ease']}"
    ),
    redesign.CandidateApproved: lambda p: "candidate approved for delivery",
    redesign.CandidateRejected: lambda p: f"candidate rejected: {p['reason']}",
    redesign.CandidateDeliveryStarted: lambda p: "candidate delivery started",
    redesign.CandidateDelivered: lambda p: (
        f"candidate delivered: £{p['realised_money_saved_per_year']:,} a year saved"
    ),
}


def describe(event: type[EventPayload], payload: Mapping[str, Any]) -> str:
    """One line saying what happened, in the council's words."""
    more = _MORE_SUMMARIES.get(event)
    try:
        return more(payload) if more else summary_of(event, payload)
    except (KeyError, TypeError, ValueError):
        return event.EVENT_TYPE  # a summary is a courtesy: never refuse an event over it


def apply_feed_events(connection: Connection, events: list[ReadEvent]) -> None:
    """Append the events that concern a department to its feed, in the caller's
    transaction (after the feed lock: ids commit in order)."""
    if not events:
        return
    feed_store.lock_feed(connection)
    mentioned = {
        str(event.envelope.payload["candidate_id"])
        for event in events
        if "candidate_id" in event.envelope.payload
    }
    known = feed_store.candidate_departments(connection, mentioned)
    # The consultations consumer has stored each exercise (departments too) just before.
    exercises = departments_of_exercises(
        connection,
        {str(e.envelope.aggregate_id) for e in events if type(e.payload) in consultation.EVENTS},
    )
    identified: dict[str, list[str]] = {}
    rows: list[feed_store.FeedRow] = []
    for event in events:
        envelope, payload, event_class = event.envelope, event.envelope.payload, type(event.payload)
        kind = kind_of(event_class)
        departments = departments_of(event_class, envelope.department, payload, known, exercises)
        if kind is None or not departments:
            continue
        if event_class is redesign.CandidateIdentified:
            identified[str(payload["candidate_id"])] = departments
            known.setdefault(str(payload["candidate_id"]), departments)
        event_id, event_type = event.event_id, envelope.event_type
        occurred_at = iso_text(event.document.get("occurred_at"), envelope.occurred_at)
        summary = describe(event_class, payload)
        document = _serialised(event.document)  # as consumed: the hash still checks out
        rows += [
            (department, kind, event_id, event_type, envelope.aggregate_id, occurred_at,
             summary, document)
            for department in departments
        ]  # fmt: skip
    feed_store.remember_candidates(connection, identified)
    feed_store.append(connection, rows)


def with_feed(
    apply: ApplyEvents, concerns: Callable[[ReadEvent], bool] = lambda _: True
) -> ApplyEvents:
    """A consumer's `apply` that also appends the events it reads (those it `concerns`) to
    the feed, after its own effect and in the same transaction: one read of each event.

    The feed goes last so its lock (PostgreSQL) is held only for the inserts and the
    commit, and no writer waits on another's rows while holding it."""

    def apply_and_feed(connection: Connection, events: list[ReadEvent]) -> None:
        apply(connection, events)
        apply_feed_events(connection, [event for event in events if concerns(event)])

    return apply_and_feed


def _serialised(document: Mapping[str, Any]) -> str:
    try:
        return orjson.dumps(document).decode()
    except TypeError:  # beyond orjson (an integer over 64 bits): the standard library
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


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


_BELLS: weakref.WeakKeyDictionary[Engine, Bell] = weakref.WeakKeyDictionary()


def bell_for(engine: Engine) -> Bell:
    """The one bell of the service using this engine: consumers ring it after writing feed
    rows, the stream and the webhook dispatcher wait on it."""
    bell = _BELLS.get(engine)
    if bell is None:
        bell = _BELLS[engine] = Bell()
    return bell
