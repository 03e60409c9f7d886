"""Three brokers from the launcher: a topic replicated three times, two replicas needed per
write. SIGKILL one broker (the leader of partition 0) and an acks=all producer and a
consumer group carry on with nothing lost; restarted, the broker rejoins every replica set."""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator, Iterator

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from deploy.kafka.cluster import KafkaCluster
from deploy.kafka.launcher import port_open
from shared.kafka.provisioning import ensure_topics
from tests.support.brokers import free_port
from tests.support.waiting import eventually_async

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(240)]
TOPIC = "scale.three-brokers"


def _consecutive_free_ports(count: int) -> int:
    """A first port with the next `count - 1` free too (node i listens on base + i)."""
    while True:
        base = free_port()
        if base + count < 65535 and not any(port_open(base + i) for i in range(count)):
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
