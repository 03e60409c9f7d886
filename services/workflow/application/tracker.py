"""Apply HR post events and Finance budget events to the tracker, a batch at a time.

Each batch: store the new facts, load every fact of the posts it touches in one query,
refold those posts' journeys, save them, and publish any milestone they now reach.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from services.workflow.adapters.journey_store import (
    insert_facts,
    known_facts,
    load_facts,
    load_journeys,
    save_journeys,
)
from services.workflow.application.milestones import Milestone, publish_once
from services.workflow.application.team_milestones import team_centralised_milestones
from services.workflow.domain.journey import (
    BUDGET_STREAM,
    HR_STREAM,
    Journey,
    JourneyStage,
    PostFact,
    continue_journey,
    fold_journey,
)
from services.workflow.domain.summaries import summary_of
from shared.events.catalogue import ReadEvent
from shared.events.milestones import PostMoveCompleted
from shared.persistence.outbox import NewEvent

TRACKED_STREAMS = frozenset({HR_STREAM, BUDGET_STREAM})
Clock = Callable[[], datetime]


class Tracker:
    """The `apply` function of the tracker's consumer."""

    def __init__(self, topic_prefix: str, clock: Clock = lambda: datetime.now(UTC)) -> None:
        self._topic_prefix = topic_prefix
        self._clock = clock

    def __call__(self, connection: Connection, events: list[ReadEvent]) -> None:
        entries = [_entry(e) for e in events if e.envelope.aggregate_type in TRACKED_STREAMS]
        if not entries:
            return
        known = known_facts(
            connection, [(row["post_number"], f.stream, f.sequence) for row, f in entries]
        )
        fresh: list[dict[str, Any]] = []
        new_facts: dict[str, list[PostFact]] = {}
        for row, fact in entries:
            key = (row["post_number"], fact.stream, fact.sequence)
            if key not in known:  # the same fact under another event id is still one fact
                known.add(key)
                fresh.append(row)
                new_facts.setdefault(row["post_number"], []).append(fact)
        insert_facts(connection, fresh)
        folded = self._journeys(connection, new_facts)
        save_journeys(connection, folded)
        milestones = [_move_completed(journey) for journey in folded if _move_done(journey)]
        milestones += team_centralised_milestones(connection, folded)
        publish_once(connection, milestones, self._topic_prefix, self._clock())

    def _journeys(
        self, connection: Connection, new_facts: dict[str, list[PostFact]]
    ) -> list[Journey]:
        # Continue each stored journey with its new facts; refold from every stored fact
        # only the posts where that is not safe (something arrived out of order).
        stored = load_journeys(connection, new_facts)
        journeys: dict[str, Journey] = {}
        for post, facts in new_facts.items():
            current = stored.get(post)
            continued = continue_journey(current, facts) if current else None
            if continued is not None:
                journeys[post] = continued
        refold = sorted(post for post in new_facts if post not in journeys)
        for post, stored_facts in load_facts(connection, refold).items():
            journeys[post] = fold_journey(post, stored_facts.values())
        return [journeys[post] for post in sorted(journeys)]


def _entry(event: ReadEvent) -> tuple[dict[str, Any], PostFact]:
    envelope = event.envelope
    payload = event.payload.model_dump(mode="json")
    fact = PostFact(
        stream=envelope.aggregate_type,
        sequence=envelope.sequence,
        event_type=envelope.event_type,
        occurred_at=envelope.occurred_at,
        payload=payload,
    )
    row = {
        "post_number": payload["post_number"],
        "stream": envelope.aggregate_type,
        "sequence": envelope.sequence,
        "event_id": str(envelope.event_id),
        "event_type": envelope.event_type,
        "transfer_id": payload.get("transfer_id"),
        "occurred_at": envelope.occurred_at.isoformat(),
        "recorded_at": envelope.recorded_at.isoformat(),
        "effective_date": envelope.effective_date,
        "actor_id": envelope.actor.id,
        "actor_role": envelope.actor.role,
        "summary": summary_of(envelope.event_type, payload),
        "payload": json.dumps(payload, separators=(",", ":")),
    }
    return row, fact


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
