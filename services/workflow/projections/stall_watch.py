"""Find transfers stuck in a stage past their limit and publish `TransferStalled` once each."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import Connection, Engine, Select, and_, or_, select

from services.workflow.adapters.journey_store import journey_from_row
from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import JourneyStage
from services.workflow.domain.stalls import Stall, StallLimits, stall_of
from services.workflow.projections.milestones import Milestone, publish_once
from shared.events.milestones import TransferStalled
from shared.persistence.outbox import NewEvent
from shared.persistence.replicas import one_at_a_time

log = structlog.get_logger(__name__)
Clock = Callable[[], datetime]
# A further check run with the stalls, in the same transaction: (connection, now, prefix) →
# how many milestones it published (the waves' slips are one).
Check = Callable[[Connection, datetime, str], int]


async def _at_once() -> None:
    return None


def publish_stalls(
    connection: Connection, now: datetime, limits: StallLimits, topic_prefix: str
) -> int:
    """Publish a `TransferStalled` for each newly stalled transfer; return how many."""
    today = now.date()
    stalls = [
        stall
        for row in connection.execute(_possibly_stalled(today, limits))
        if (stall := stall_of(journey_from_row(row), today, limits)) is not None
    ]
    return publish_once(connection, [_milestone(stall) for stall in stalls], topic_prefix, now)


def _possibly_stalled(today: date, limits: StallLimits) -> Select[Any]:
    # Narrowed in SQL so a large establishment is not read in full on every check.
    def before(days: int) -> date:
        return today - timedelta(days=days)

    c = journeys.c
    return select(journeys).where(
        or_(
            and_(c.stage == JourneyStage.PROPOSED, c.stage_since < before(limits.proposed_days)),
            and_(
                c.stage == JourneyStage.IN_CONSULTATION,
                c.consultation_opened_on < before(limits.consultation_days),
            ),
            and_(
                c.stage == JourneyStage.APPROVED,
                c.effective_date < before(limits.approved_overdue_days),
            ),
        )
    )


def _milestone(stall: Stall) -> Milestone:
    event = TransferStalled(
        post_number=stall.post_number,
        transfer_id=stall.transfer_id,
        stage=stall.stage,
        since=stall.since,
        days_in_stage=stall.days,
        limit_days=stall.limit_days,
    )
    return Milestone(
        stall.milestone_key,
        NewEvent(payload=event, aggregate_id=stall.post_number, department=stall.department),
    )


class StallWatch:
    """A background task: check for stalls every `interval_s` seconds, by an injectable clock."""

    def __init__(
        self,
        engine: Engine,
        limits: StallLimits,
        topic_prefix: str,
        interval_s: float,
        clock: Clock = lambda: datetime.now(UTC),
        on_published: Callable[[], None] = lambda: None,
        ready: Callable[[], Awaitable[object]] = _at_once,
        also: Sequence[Check] = (),
    ) -> None:
        self._engine = engine
        self._limits = limits
        self._prefix = topic_prefix
        self._interval_s = interval_s
        self._clock = clock
        self._on_published = on_published
        self._ready = ready  # e.g. until the tracker has caught up with the log
        self._also = tuple(also)
        self.checks = 0

    def check_once(self) -> int:
        """One check, in one transaction."""
        with self._engine.begin() as connection:
            one_at_a_time(connection, "workflow:stall-watch")  # replicas check in turn
            now = self._clock()
            published = publish_stalls(connection, now, self._limits, self._prefix)
            published += sum(check(connection, now, self._prefix) for check in self._also)
        self.checks += 1
        return published

    async def run(self) -> None:
        """Once ready, check forever; a failed check is logged and retried at the next interval.

        Not before: a journey seen half-way through its history could look stalled."""
        await self._ready()
        while True:
            try:
                published = await asyncio.to_thread(self.check_once)
                if published:
                    log.info("stalls.published", count=published)
                    self._on_published()
            except Exception as error:
                log.warning("stalls.check_failed", error=str(error))
            await asyncio.sleep(self._interval_s)
