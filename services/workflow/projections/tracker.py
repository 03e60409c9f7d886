"""Apply HR post events and Finance budget events to the tracker, a batch at a time.

Each batch: store the new facts, continue the stored journeys they extend (or refold a post
from all its stored facts when they arrive out of order), save the journeys, and publish
any milestone a journey has just reached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import orjson
from sqlalchemy import Connection

from services.workflow.adapters.journey_bulk import FactRow, insert_fact_rows, upsert_journeys
from services.workflow.adapters.journey_store import known_facts, load_facts, load_journeys
from services.workflow.domain.journey import (
    BUDGET_STREAM,
    HR_STREAM,
    Journey,
    JourneyStage,
    PostFact,
    continue_journey,
    fold_journey,
)
from services.workflow.domain.post_scope import OUT_OF_SCOPE
from services.workflow.domain.summaries import summary_of
from services.workflow.projections.endings import record_endings
from services.workflow.projections.milestones import Milestone, publish_once
from services.workflow.projections.team_milestones import team_centralised_milestones
from services.workflow.projections.team_withdrawals import teams_withdrawn
from services.workflow.projections.withdrawn_moves import moves_withdrawn
from shared.events.catalogue import ReadEvent
from shared.events.milestones import PostMoveCompleted
from shared.persistence.outbox import NewEvent

TRACKED_STREAMS = frozenset({HR_STREAM, BUDGET_STREAM})
Clock = Callable[[], datetime]
Folded = dict[str, tuple[Journey | None, Journey]]  # post -> (stored before, now)


class Tracker:
    """The `apply` function of the tracker's consumer."""

    def __init__(self, topic_prefix: str, clock: Clock = lambda: datetime.now(UTC)) -> None:
        self._topic_prefix = topic_prefix
        self._clock = clock

    def __call__(self, connection: Connection, events: list[ReadEvent]) -> None:
        record_endings(connection, events)
        entries = [_entry(e) for e in events if e.envelope.aggregate_type in TRACKED_STREAMS]
        if not entries:
            return
        known = known_facts(connection, [(row[0], row[1], row[2]) for row, _ in entries])
        with_stored_facts = {post for post, _, _ in known}
        fresh: list[FactRow] = []
        new_facts: dict[str, list[PostFact]] = {}
        for row, fact in entries:
            key = (row[0], row[1], row[2])
            if key not in known:  # the same fact under another event id is still one fact
                known.add(key)
                fresh.append(row)
                new_facts.setdefault(row[0], []).append(fact)
        insert_fact_rows(connection, fresh)
        folded = self._journeys(connection, new_facts, with_stored_facts)
        upsert_journeys(connection, [now for _, now in folded.values()])
        milestones = [
            _move_completed(now) for before, now in folded.values() if _move_reached(before, now)
        ]
        milestones += team_centralised_milestones(connection, _may_complete_function(folded))
        rescinded = [
            now
            for before, now in folded.values()
            if _newly(before, now, lambda j: j.stage == JourneyStage.RESCINDED)
        ]
        if rescinded:
            milestones += moves_withdrawn(connection, rescinded)
            milestones += teams_withdrawn(connection, rescinded)
        publish_once(connection, milestones, self._topic_prefix, self._clock())

    def _journeys(
        self,
        connection: Connection,
        new_facts: dict[str, list[PostFact]],
        with_stored_facts: set[str],
    ) -> Folded:
        # A post with no stored facts folds from its new facts alone; a stored journey is
        # continued with its new facts; only posts where that is not safe (something arrived
        # out of order) are refolded from every stored fact.
        stored = load_journeys(connection, [p for p in new_facts if p in with_stored_facts])
        journeys: dict[str, Journey] = {}
        for post, facts in new_facts.items():
            current = stored.get(post)
            if post not in with_stored_facts:
                journeys[post] = fold_journey(post, facts)
            elif current is not None and (continued := continue_journey(current, facts)):
                journeys[post] = continued
        refold = sorted(post for post in new_facts if post not in journeys)
        for post, stored_facts in load_facts(connection, refold).items():
            journeys[post] = fold_journey(post, stored_facts.values())
        return {post: (stored.get(post), journeys[post]) for post in sorted(journeys)}


def _entry(event: ReadEvent) -> tuple[FactRow, PostFact]:
    envelope = event.envelope
    payload = event.payload.model_dump(mode="json")
    post_number = payload["post_number"]
    fact = PostFact(
        stream=envelope.aggregate_type,
        sequence=envelope.sequence,
        kind=type(event.payload),
        occurred_at=envelope.occurred_at,
        payload=payload,
    )
    row = (  # in journey_bulk.FACT_COLUMNS order
        post_number,
        envelope.aggregate_type,
        envelope.sequence,
        event.event_id,
        envelope.event_type,
        payload.get("transfer_id"),
        iso_text(event.document.get("occurred_at"), envelope.occurred_at),
        iso_text(event.document.get("recorded_at"), envelope.recorded_at),
        envelope.effective_date,
        envelope.actor.id,
        envelope.actor.role,
        summary_of(type(event.payload), payload),
        orjson.dumps(payload).decode(),
    )
    return row, fact


def iso_text(raw: object, parsed: datetime) -> str:
    """The time as stored text: always `isoformat()` with a UTC offset, so it sorts.

    Producers send exactly that; reuse their text when it has that shape (cheaper than
    formatting an aware datetime), otherwise format the parsed value."""
    if isinstance(raw, str) and len(raw) in (25, 32) and raw[10] == "T" and raw[-6:] == "+00:00":
        return raw
    return parsed.isoformat()


def _move_reached(before: Journey | None, now: Journey) -> bool:
    # Reached in this batch: a move done before (same transfer) was published back then.
    if not _move_done(now):
        return False
    return before is None or not _move_done(before) or before.transfer_id != now.transfer_id


def _may_complete_function(folded: Folded) -> list[Journey]:
    # Only a post becoming effective, or being agreed out of scope (the last one holding its
    # function back may be), can complete its function; registering a post or starting a
    # new transfer can only undo it. Only those are worth the grouped query.
    return [
        now
        for before, now in folded.values()
        if _newly(before, now, lambda j: j.stage == JourneyStage.EFFECTIVE)
        or _newly(before, now, lambda j: j.scope == OUT_OF_SCOPE)
    ]


def _newly(before: Journey | None, now: Journey, holds: Callable[[Journey], bool]) -> bool:
    return holds(now) and (before is None or not holds(before))


def _move_done(journey: Journey) -> bool:
    return journey.stage == JourneyStage.EFFECTIVE and journey.budget_moved


def _move_completed(journey: Journey) -> Milestone:
    assert journey.transfer_id is not None and journey.effective_date is not None
    event = PostMoveCompleted(
        post_number=journey.post_number,
        transfer_id=journey.transfer_id,
        team=journey.team or journey.target_team or "",
        from_department=journey.department or "",
        effective_date=journey.effective_date,
        annual_cost=journey.moved_annual_cost,
    )
    return Milestone(
        key=f"PostMoveCompleted:{journey.transfer_id}",
        event=NewEvent(
            payload=event,
            aggregate_id=journey.post_number,
            department=journey.department,
            effective_date=journey.effective_date,
        ),
    )
