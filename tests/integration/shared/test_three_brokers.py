"""Three brokers from the launcher: a topic replicated three times, two replicas needed per
write. SIGKILL one broker (the leader of partition 0) and an acks=all producer and a
consumer group carry on with nothing lost; restarted, the broker rejoins every replica set.
HR's bulk run goes on when the leader of `hr.posts` is killed half-way (armed hook
`bulk.chunk_committed`): every proposal reaches the topic, each post's events in order."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import threading
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from deploy.kafka.cluster import KafkaCluster
from services.hr.app import HrSettings, create_app
from shared import faults
from shared.kafka.provisioning import ensure_topics
from tests.integration.hr.support import establishment_csv
from tests.support.databases import NewDatabase
from tests.support.in_process import new_topic_prefix, serving, settings_for_test
from tests.support.topics import Messages, read_until
from tests.support.waiting import eventually_async

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(240)]
TOPIC = "scale.three-brokers"
POSTS = 600  # three chunks of 250: the leader dies after the second


def _consecutive_free_ports(count: int) -> int:
    """A first port with the next `count - 1` free too (node i listens on base + 2i), below
    the ephemeral range, where outgoing connections do not take ports meanwhile."""
    while True:
        base = random.randrange(20000, 32000)
        with contextlib.ExitStack() as held:
            try:
                for port in range(base, base + count):
                    probe = held.enter_context(socket.socket())
                    probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return base


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaCluster]:
    base = _consecutive_free_ports(6)
    folder = tmp_path_factory.mktemp("three-brokers")
    three = KafkaCluster(folder, 3, port=base, controller_port=base + 1, heap="256m")
    three.start(timeout=150)
    try:
        yield three
    finally:
        three.stop()


@pytest.fixture
async def admin(cluster: KafkaCluster) -> AsyncIterator[AIOKafkaAdminClient]:
    client = AIOKafkaAdminClient(bootstrap_servers=cluster.bootstrap_servers)
    await client.start()
    try:
        yield client
    finally:
        await client.close()


async def _partitions(admin: AIOKafkaAdminClient) -> list[dict[str, object]]:
    described = await admin.describe_topics([TOPIC])
    return list(described[0]["partitions"])


async def _send(producer: AIOKafkaProducer, numbers: range) -> None:
    for number in numbers:
        await producer.send_and_wait(TOPIC, str(number).encode(), key=f"post-{number}".encode())


async def _read(consumer: AIOKafkaConsumer, wanted: int, seen: list[int]) -> list[int]:
    async def more() -> list[int]:
        batch = await consumer.getmany(timeout_ms=500)
        seen.extend(int(r.value or b"") for records in batch.values() for r in records)
        return seen

    await eventually_async(more, lambda got: len(got) >= wanted, what="events read", timeout=60)
    await consumer.commit()
    return seen


async def test_losing_any_one_broker_loses_no_acknowledged_event_and_stops_nobody(
    cluster: KafkaCluster, admin: AIOKafkaAdminClient
) -> None:
    bootstrap = cluster.bootstrap_servers
    assert await ensure_topics(bootstrap, [TOPIC], partitions=3) == [TOPIC]
    partitions = await _partitions(admin)
    assert all(len(p["replicas"]) == 3 for p in partitions), partitions  # type: ignore[arg-type]
    configs = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, TOPIC)])
    settings = {entry[0]: entry[1] for entry in configs[0].resources[0][4]}
    assert settings["min.insync.replicas"] == "2"

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    consumer = AIOKafkaConsumer(
        TOPIC, bootstrap_servers=bootstrap, group_id="scale-readers",
        enable_auto_commit=False, auto_offset_reset="earliest",
    )  # fmt: skip
    await producer.start()
    await consumer.start()
    try:
        assert producer._sender._acks == -1  # acks=all, as the relay sets it
        await _send(producer, range(50))
        seen = await _read(consumer, 50, [])

        leader = next(p["leader"] for p in partitions if p["partition"] == 0)
        victim = cluster.nodes[int(leader) - 1]  # type: ignore[call-overload]
        pid = victim.read_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)

        await _send(producer, range(50, 100))  # acknowledged by the two brokers left
        seen = await _read(consumer, 100, seen)
        assert sorted(seen) == list(range(100)), "an event was lost or read twice"
    finally:
        await consumer.stop()
        await producer.stop()

    victim.stop()  # forget the killed process, then bring the node back
    victim.start(timeout=120)

    async def replica_sets() -> list[dict[str, object]]:
        return await _partitions(admin)

    await eventually_async(
        replica_sets,
        lambda found: all(len(p["isr"]) == 3 for p in found),  # type: ignore[arg-type]
        what="every partition with three in-sync replicas again",
        timeout=90,
    )


async def test_a_bulk_run_carries_on_when_the_leader_of_hr_posts_is_killed_mid_run(
    cluster: KafkaCluster,
    admin: AIOKafkaAdminClient,
    new_database: NewDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix = new_topic_prefix()
    settings = settings_for_test(
        HrSettings, cluster.bootstrap_servers, new_database("hr"), topic_prefix=prefix,
        topic_partitions=3, clock_today=date(2027, 1, 15),
    )  # fmt: skip
    marker = tmp_path / "paused"
    monkeypatch.setattr(faults, "_arrivals", Counter())
    monkeypatch.setattr(faults, "_released", threading.Event())
    app = create_app(settings)
    async with serving(app, "hr", "hr_staff", "hr-officer-1", timeout=150) as hr:
        csv = establishment_csv(POSTS)
        loaded = await hr.post("/posts/csv", content=csv, headers={"Content-Type": "text/csv"})
        assert loaded.json()["totals"]["done"] == POSTS
        monkeypatch.setenv(faults.PAUSE_AT, "bulk.chunk_committed@2")  # half-way through
        monkeypatch.setenv(faults.MARKER, str(marker))
        body = {
            "action": "propose",
            "post_numbers": [str(10001 + i) for i in range(POSTS)],
            "effective_date": "2027-04-01",
            "reason": "One Council Support Functions",
        }
        run = asyncio.create_task(
            hr.post("/bulk/transfers", json=body, headers={"Idempotency-Key": "wave-1"})
        )
        await eventually_async(lambda: asyncio.to_thread(marker.exists), what="the run paused")
        topic = prefix + "hr.posts"
        described = await admin.describe_topics([topic])
        leader = next(p["leader"] for p in described[0]["partitions"] if p["partition"] == 0)
        victim = cluster.nodes[int(leader) - 1]
        pid = victim.read_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        faults.release_paused_threads()
        report = (await run).json()
        assert report["totals"] == {"rows": POSTS, "done": POSTS, "refused": 0, "error": 0}

        def proposals(messages: Messages) -> set[str]:
            values = (m["value"] for m in messages)
            return {v["aggregate_id"] for v in values if v["event_type"] == "TransferProposed"}

        messages = await read_until(
            cluster.bootstrap_servers, topic, lambda found: len(proposals(found)) == POSTS, 120
        )
    victim.stop()
    victim.start(timeout=120)
    first_copies: dict[str, list[int]] = {}
    for message in messages:
        sequences = first_copies.setdefault(message["value"]["aggregate_id"], [])
        if message["value"]["sequence"] not in sequences:
            sequences.append(message["value"]["sequence"])
    assert all(s == list(range(1, len(s) + 1)) for s in first_copies.values()), "out of order"
