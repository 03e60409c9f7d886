"""Ingest with replicas: Workflow consuming a pre-filled `hr.posts` as 1, 2 and 4 replicas
(processes) sharing one consumer group and one PostgreSQL database.

    python -m bench.ingest_replicas [--events 50000] [--replicas 1 2 4]

For each count: events/s from the tracker group's first to last committed offset (as
`bench.ingest` times it), the ratio to raw read + validate measured in the same run, and
CPU-seconds per event summed over the replicas' processes (from /proc, between every
replica answering /health and the last commit). On a machine with fewer cores than
replicas the rate cannot grow; CPU per event must not. The replicas start on an empty
topic and it is filled once every one holds its partitions, so CPU counts the whole ingest
(and the filling competes with it for the cores, as live traffic would). Needs PostgreSQL
(`BENCH_POSTGRES_URL`) and Kafka (`KAFKA_BOOTSTRAP_SERVERS`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from bench.events import hr_post_messages
from bench.ingest import TRACKER, _watch_commits
from bench.kafka_io import fill_topic, raw_read
from bench.relay import new_database
from bench.report import report
from shared.kafka.provisioning import ensure_topics
from tests.support.brokers import free_port
from tests.support.services import ServiceProcess, service_env
from tests.support.waiting import eventually_get

TICKS = os.sysconf("SC_CLK_TCK")
PARTITIONS = 4  # at least the most replicas measured
IDLE_S = 10.0


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def _cpu(pids: list[int]) -> float:
    return sum(_cpu_seconds(pid) for pid in pids)


def _cpu_rate(pids: list[int], seconds: float) -> float:
    """CPU-seconds per second the processes use while nothing arrives."""
    before = _cpu(pids)
    time.sleep(seconds)
    return (_cpu(pids) - before) / seconds


def _ready(reply: httpx.Response) -> bool:
    return reply.status_code == 200  # every consumer of the replica holds partitions


def _replicas(count: int, bootstrap: str, prefix: str, work: Path) -> list[ServiceProcess]:
    url = new_database()
    processes = []
    for number in range(count):
        port = free_port()
        env = service_env("workflow", port, bootstrap, prefix, url)
        log_path = work / f"{prefix}workflow-{number}.log"
        # As an operator does: the schema once, before the replicas start.
        processes.append(
            ServiceProcess("workflow", port, log_path, env, upgrade_database=not number)
        )
    return processes


def run_replicas(count: int, bootstrap: str, events: int, work: Path) -> dict[str, float]:
    """Start `count` replicas on an empty topic; once every one holds its partitions, fill
    the topic and time the group to the end."""
    prefix = f"bench{uuid.uuid4().hex[:8]}."
    topic = f"{prefix}hr.posts"
    asyncio.run(ensure_topics(bootstrap, [topic], PARTITIONS))
    processes = _replicas(count, bootstrap, prefix, work)
    for process in processes:
        process.start()
    try:
        with httpx.Client(timeout=10) as client:
            for process in processes:
                process.wait_healthy(timeout=180)
                eventually_get(client, f"{process.url}/health/ready", _ready, timeout=180)
        pids = [process.process.pid for process in processes if process.process]
        idle_per_s = _cpu_rate(pids, IDLE_S)
        cpu, started = _cpu(pids), time.monotonic()
        filled = asyncio.run(fill_topic(bootstrap, topic, hr_post_messages(events), PARTITIONS))
        rates = asyncio.run(_watch_commits(bootstrap, topic, {TRACKER: prefix + TRACKER}, filled))
        cpu, wall = _cpu(pids) - cpu, time.monotonic() - started
    finally:
        for process in processes:
            process.stop()
    rate = rates[TRACKER]
    return {
        "per_s": rate.per_second,
        "cpu_us_per_event": cpu / filled * 1e6,
        # Less what the replicas burn doing nothing (relay, scheduler, watchers) as long.
        "ingest_cpu_us_per_event": (cpu - idle_per_s * wall) / filled * 1e6,
        "idle_cpu_per_s": idle_per_s,
        "events_timed": rate.events,
    }


async def _baseline(bootstrap: str, events: int) -> float:
    topic = f"bench{uuid.uuid4().hex[:8]}.hr.posts"
    filled = await fill_topic(bootstrap, topic, hr_post_messages(events), PARTITIONS)
    return (await raw_read(bootstrap, topic, filled, "pydantic")).per_second


def main(events: int, counts: list[int]) -> None:
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    validated = asyncio.run(_baseline(bootstrap, events))
    with tempfile.TemporaryDirectory() as folder:
        runs = {count: run_replicas(count, bootstrap, events, Path(folder)) for count in counts}
    rows = [("raw read + validate (plain pydantic)", f"{validated:,.0f}/s")]
    for count, run in runs.items():
        rows.append(
            (
                f"Workflow, {count} replica{'s' if count > 1 else ''}",
                f"{run['per_s']:,.0f}/s · ratio {run['per_s'] / validated:.2f} · "
                f"{run['cpu_us_per_event']:.0f} µs CPU/event "
                f"({run['ingest_cpu_us_per_event']:.0f} less idle)",
            )
        )
    figures = {
        "events": events,
        "validated_per_s": validated,
        "runs": runs,
        "cores": os.cpu_count(),
    }
    report("ingest_replicas", rows, figures)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 4])
    arguments = parser.parse_args()
    main(arguments.events, arguments.replicas)
