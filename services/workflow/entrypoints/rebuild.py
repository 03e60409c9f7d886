"""Catching up with the log after a start, before Workflow publishes anything of its own.

At start Workflow notes where each topic it reads ends. Then, in order:
1. `guard_ready`: the guards consumer has read `workflow.milestones` and `workflow.redesign`
   up to there, so the milestone guard and Workflow's stream sequences are rebuilt. Until
   then Workflow's own redesign commands are refused (503).
2. `milestones_open`: the tracker has read `hr.posts` and `finance.budgets` up to there too.
   Milestones it decided meanwhile were held back; what the caught-up state shows is due is
   published now (guarded, so after a rebuild: nothing) and from here on as usual. The stall
   check starts only now, so a journey seen half-way through its history is never reported.
3. `pipeline_ready`: the redesign consumer has caught up too, so the demo pipeline is seeded
   only if the log holds no processes yet.

A consumer has caught up with a partition when it has handled a record just before where the
partition ended, or its group had already committed that far (a restart with nothing new).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.workflow.projections.rebuild_milestones import publish_due_milestones
from shared.kafka.consuming import EventConsumer
from shared.kafka.security import client_options
from shared.persistence.replicas import resolution_lock
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)
Partition = tuple[str, int]
POLL_S = 0.05


@dataclass(kw_only=True)
class Progress:
    """How far one consumer has read, against where its topics ended at start."""

    consumer: EventConsumer
    group: str
    topics: tuple[str, ...]  # physical names
    end: dict[Partition, int] | None = None
    read: dict[Partition, int] = field(default_factory=dict)

    def saw(self, records: Sequence[Any]) -> None:
        """Note records this consumer has handled (their effect is committed)."""
        for record in records:
            key = (record.topic, record.partition)
            self.read[key] = max(self.read.get(key, 0), record.offset + 1)

    def behind(self) -> int | None:
        """Records between what was handled and where the log ended at start (None: unknown)."""
        if self.end is None:
            return None
        return sum(max(0, end - self.read.get(key, 0)) for key, end in self.end.items())


class CatchUp:
    """Tracks the consumers' progress and opens the three gates, once, in order."""

    def __init__(self, runtime: ServiceRuntime, clock: Callable[[], datetime]) -> None:
        self._runtime = runtime
        self._clock = clock
        self.progress: dict[str, Progress] = {}
        self.guard_ready = asyncio.Event()
        self.milestones_open = asyncio.Event()
        self.pipeline_ready = asyncio.Event()
        self.published_on_opening = 0

    def watch(self, consumer: EventConsumer, group: str, topics: tuple[str, ...]) -> Progress:
        """Follow this consumer (its group id and physical topics as subscribed)."""
        self.progress[consumer.name] = Progress(consumer=consumer, group=group, topics=topics)
        return self.progress[consumer.name]

    def status(self) -> dict[str, Any]:
        """What the catch-up looks like now, for the API."""
        return {
            "guard_ready": self.guard_ready.is_set(),
            "milestones_open": self.milestones_open.is_set(),
            "pipeline_ready": self.pipeline_ready.is_set(),
            "behind": {name: progress.behind() for name, progress in sorted(self.progress.items())},
        }

    async def run(self, guards: str, tracker: str, pipeline: str) -> None:
        """Measure where the log ends, then open the gates as the named consumers catch up."""
        await self._measure()
        await self._until_caught_up(guards)
        self.guard_ready.set()
        await self._until_caught_up(tracker)
        async with self.progress[tracker].consumer.lock:  # no tracker batch in between
            self.published_on_opening = await asyncio.to_thread(self._publish_due, tracker)
            self.milestones_open.set()
        self._runtime.relay.notify()
        await self._until_caught_up(pipeline)
        self.pipeline_ready.set()
        log.info("catch_up.done", published_on_opening=self.published_on_opening)

    def _publish_due(self, tracker: str) -> int:
        with self._runtime.engine.begin() as connection:
            resolution_lock(connection, tracker)  # nor in another replica
            prefix = self._runtime.settings.topic_prefix
            return publish_due_milestones(connection, prefix, self._clock())

    async def _until_caught_up(self, name: str) -> None:
        progress = self.progress[name]
        while progress.behind() != 0:
            await asyncio.sleep(POLL_S)

    async def _measure(self) -> None:
        while True:
            try:
                await self._measure_once()
                return
            except Exception as error:  # Kafka not answering yet: try again shortly
                log.warning("catch_up.measure_failed", error=repr(error))
                await asyncio.sleep(1)

    async def _measure_once(self) -> None:
        kafka = client_options(self._runtime.settings)
        topics = sorted({topic for p in self.progress.values() for topic in p.topics})
        admin = AIOKafkaAdminClient(**kafka, request_timeout_ms=15000)
        consumer = AIOKafkaConsumer(**kafka, enable_auto_commit=False)
        await admin.start()
        await consumer.start()
        try:
            described: list[dict[str, Any]] = await admin.describe_topics(topics)
            partitions = [
                TopicPartition(str(topic["topic"]), int(partition["partition"]))
                for topic in described
                for partition in topic.get("partitions", ())
            ]
            consumer.assign(partitions)
            ends = await consumer.end_offsets(partitions)
            for progress in self.progress.values():
                committed = await admin.list_consumer_group_offsets(progress.group)
                for tp, done in committed.items():
                    if tp.topic in progress.topics and done.offset > 0:
                        key = (tp.topic, tp.partition)
                        progress.read[key] = max(progress.read.get(key, 0), done.offset)
                progress.end = {
                    (tp.topic, tp.partition): int(end)
                    for tp, end in ends.items()
                    if tp.topic in progress.topics
                }
        finally:
            await consumer.stop()
            await admin.close()
