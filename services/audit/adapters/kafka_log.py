"""Read the event topics as an auditor: no consumer group, partitions assigned by hand,
nothing committed. Reads up to the end offsets taken at the start, so a replay is a snapshot
of the log at that moment even while services keep publishing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, time
from types import TracebackType
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.kafka.security import KafkaAccess, client_options

BATCH = 20_000


class EventLog:
    """`async with EventLog(...) as log:` then `async for batch in log.batches()`."""

    def __init__(
        self, kafka: KafkaAccess | str, topics: Sequence[str], from_date: date | None = None
    ) -> None:
        self.topics = list(topics)
        self._kafka = client_options(kafka)  # bare servers: the auditor's access from the env
        self.from_date = from_date
        self._consumer = AIOKafkaConsumer(
            **self._kafka,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_uncommitted",
            max_partition_fetch_bytes=2 * 1024 * 1024,
            fetch_max_bytes=32 * 1024 * 1024,
            check_crcs=False,  # the hash chain is the audit's own, stronger, check
        )
        self._start: dict[TopicPartition, int] = {}
        self._end: dict[TopicPartition, int] = {}
        self.missing_topics: list[str] = []

    @property
    def total(self) -> int:
        """Messages to read: the sum over partitions of end minus start offsets."""
        return sum(max(0, self._end[tp] - self._start[tp]) for tp in self._end)

    async def __aenter__(self) -> EventLog:
        try:  # a broker that never answered still leaves a consumer to close
            await self._consumer.start()
            await self._assign()
        except BaseException:
            await self._consumer.stop()
            raise
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self._consumer.stop()

    async def _assign(self) -> None:
        found = await self._partitions()
        self.missing_topics = [topic for topic in self.topics if not found.get(topic)]
        partitions = [
            TopicPartition(topic, number)
            for topic in self.topics
            for number in sorted(found.get(topic, ()))
        ]
        self._consumer.assign(partitions)
        if not partitions:
            return
        self._end = await self._consumer.end_offsets(partitions)
        self._start = await self._consumer.beginning_offsets(partitions)
        if self.from_date is not None:
            await self._start_from_date(partitions)
        for tp in partitions:
            self._consumer.seek(tp, self._start[tp])

    async def _partitions(self) -> dict[str, set[int]]:
        admin = AIOKafkaAdminClient(**self._kafka)
        await admin.start()
        try:
            described: list[dict[str, Any]] = await admin.describe_topics(self.topics)
        finally:
            await admin.close()
        return {
            str(topic["topic"]): {int(p["partition"]) for p in topic.get("partitions", ())}
            for topic in described
            if topic.get("error_code", 0) == 0
        }

    async def _start_from_date(self, partitions: list[TopicPartition]) -> None:
        since = datetime.combine(self.from_date or date.min, time.min, tzinfo=UTC)
        millis = int(since.timestamp() * 1000)
        found: dict[TopicPartition, Any] = await self._consumer.offsets_for_times(
            {tp: millis for tp in partitions}
        )
        for tp in partitions:
            at = found.get(tp)
            self._start[tp] = at.offset if at is not None else self._end[tp]

    async def batches(self) -> AsyncIterator[list[Any]]:
        """Batches of records (topic, partition, offset, value, ...) until every end offset."""
        remaining = {tp for tp in self._end if self._start[tp] < self._end[tp]}
        while remaining:
            fetched = await self._consumer.getmany(*remaining, timeout_ms=1000, max_records=BATCH)
            for tp, records in fetched.items():
                end = self._end[tp]
                if records and records[-1].offset >= end:
                    records = [record for record in records if record.offset < end]
                if records:
                    yield records
            for tp in list(remaining):
                if await self._consumer.position(tp) >= self._end[tp]:
                    remaining.discard(tp)
                    self._consumer.pause(tp)  # records published since the start are not ours


class CheckpointReader(Protocol):
    def take_checkpoints(self, messages: Sequence[Any]) -> None: ...


async def read_checkpoints(
    bootstrap_servers: str, topics: Sequence[str], from_date: date | None, replay: CheckpointReader
) -> None:
    """A first, short pass over the producers' checkpoint topics (see Replay.take_checkpoints)."""
    wanted = [topic for topic in topics if topic.endswith(".checkpoints")]
    if not wanted:
        return
    async with EventLog(bootstrap_servers, wanted, from_date) as log:
        async for batch in log.batches():
            replay.take_checkpoints(batch)
