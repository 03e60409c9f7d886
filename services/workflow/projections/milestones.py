"""Publish milestones exactly once: a `published_milestones` row guards each, written in the
same transaction as its outbox row, so redelivered or refolded events never publish twice.

While Workflow catches up with the log after a start (`held_back()`), nothing is published:
the guard is still being rebuilt from `workflow.milestones`, and a journey seen half-way
through its history may look like a milestone it never was. What is due is published from
the caught-up state instead (`projections/rebuild_milestones.py`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from services.workflow.adapters.tables import messaging, published_milestones
from shared.chunks import chunks
from shared.events import milestones
from shared.events.base import EventPayload
from shared.events.envelope import Actor
from shared.persistence.outbox import EventContext, NewEvent, record_events

SYSTEM_ACTOR = Actor(id="workflow", role="system")
_HELD_BACK: ContextVar[bool] = ContextVar("milestones_held_back", default=False)


@dataclass(frozen=True, slots=True)
class Milestone:
    """A milestone Workflow has decided on, and the key that makes it happen once."""

    key: str
    event: NewEvent


def publish_once(
    connection: Connection, milestones: Sequence[Milestone], topic_prefix: str, now: datetime
) -> int:
    """Put the milestones not yet published in the outbox; return how many were new.

    Inside `held_back()` nothing is published (0): the caller's state is not final yet.
    """
    if publishing_held_back():
        return 0
    done = already_published(connection, {milestone.key for milestone in milestones})
    fresh: list[Milestone] = []
    for milestone in milestones:
        if milestone.key not in done:
            done.add(milestone.key)
            fresh.append(milestone)
    if not fresh:
        return 0
    context = EventContext(
        producer="workflow",
        actor=SYSTEM_ACTOR,
        correlation_id=uuid.uuid4(),
        topic_prefix=topic_prefix,
    )
    documents = record_events(connection, messaging, context, [m.event for m in fresh], now)
    connection.execute(
        insert(published_milestones),
        [
            {"milestone_key": m.key, "event_id": d["event_id"], "published_at": now.isoformat()}
            for m, d in zip(fresh, documents, strict=True)
        ],
    )
    return len(fresh)


def already_published(connection: Connection, keys: Iterable[str]) -> set[str]:
    """Which of these milestone keys were published before."""
    done: set[str] = set()
    for part in chunks(sorted(keys)):
        query = select(published_milestones.c.milestone_key).where(
            published_milestones.c.milestone_key.in_(part)
        )
        done.update(connection.scalars(query))
    return done


def team_centralised_key(function: str, after: str | None = None) -> str:
    """A function is centralised once: the first time all its registered posts moved; and
    once again after each withdrawal (`after`: that withdrawal's event id)."""
    return f"TeamCentralised:{function}" + (f":after:{after}" if after else "")


def team_withdrawn_key(centralised_event_id: str) -> str:
    """A `TeamCentralised` is withdrawn at most once."""
    return f"TeamCentralisationWithdrawn:{centralised_event_id}"


def wave_slipped_key(wave_id: str, milestone: str, plan_version: int) -> str:
    """A wave's milestone slips once per plan version (a re-plan's new date may slip too)."""
    return f"WaveSlipped:{wave_id}:{milestone}:v{plan_version}"


def publishing_held_back() -> bool:
    """Whether milestones are held back here (see `held_back`): deciding them is wasted."""
    return _HELD_BACK.get()


@contextmanager
def held_back(holding: bool = True) -> Iterator[None]:
    """Publish no milestone in this block (this thread or task) when `holding`."""
    token = _HELD_BACK.set(holding)
    try:
        yield
    finally:
        _HELD_BACK.reset(token)


def milestone_key(kind: type[EventPayload], payload: Mapping[str, object]) -> str | None:
    """The guard key of a published milestone event, as its decider made it; None if none."""
    key = MILESTONE_KEYS.get(kind)
    return key(payload) if key else None


# The guard key of each milestone, as its decider makes it (a test holds every event on
# `workflow.milestones` to being here).
MILESTONE_KEYS: dict[type[EventPayload], Callable[[Mapping[str, object]], str]] = {
    milestones.PostMoveCompleted: lambda p: f"PostMoveCompleted:{p['transfer_id']}",
    milestones.TransferStalled: lambda p: f"TransferStalled:{p['transfer_id']}:{p['stage']}",
    milestones.TeamCentralised: lambda p: team_centralised_key(
        str(p["function"]), str(p.get("after_withdrawal_event_id") or "") or None
    ),
    milestones.TeamCentralisationWithdrawn: lambda p: team_withdrawn_key(
        str(p["corrects_event_id"])
    ),
    milestones.PostMoveWithdrawn: lambda p: f"PostMoveWithdrawn:{p['transfer_id']}",
    milestones.WaveSlipped: lambda p: wave_slipped_key(
        str(p["wave_id"]), str(p["milestone"]), int(str(p["plan_version"]))
    ),
}


def published_event_ids(connection: Connection, keys: Iterable[str]) -> dict[str, str]:
    """The event id each of these milestone keys was published with (those published)."""
    found: dict[str, str] = {}
    for part in chunks(sorted(keys)):
        query = select(published_milestones.c.milestone_key, published_milestones.c.event_id).where(
            published_milestones.c.milestone_key.in_(part)
        )
        found.update({key: str(event_id) for key, event_id in connection.execute(query)})
    return found
