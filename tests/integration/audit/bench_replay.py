"""Benchmark the replay against the real broker (run by hand, not collected by pytest).

    python -m tests.integration.audit.bench_replay --events 200000

Writes a generated history to fresh topics, then in one run measures: the raw read, the
floor (read + JSON decode + pydantic validation), and the full replay (plus hash, integrity,
fold, checks). Prints events/s of each and the ratio to the floor, and the peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import time
import uuid
from datetime import date

import orjson

from services.audit.adapters import fast_json
from services.audit.adapters.kafka_log import EventLog
from services.audit.application.replay import Replay, ReplayOptions
from services.audit.application.run import run_replay
from shared.events.catalogue import read_document
from shared.events.topics import EVENT_TOPICS, physical
from tests.integration.audit.kafka_history import write_history
from tests.unit.audit.scenario import History


def generate(count: int) -> History:
    """Posts through the full lifecycle (one in ten stays in its department)."""
    history, number = History(), 0
    while len(history.messages) < count:
        post = str(100_000 + number)
        history.register(post, ("CS", "ASC", "PLACE", "CORP")[number % 4], 30_000, date(2026, 1, 5))
        if number % 10 != 9:
            history.full_transfer(post, f"T-{number}", date(2026, 2, 1), date(2026, 4, 1))
        number += 1
    del history.messages[count:]
    return history


async def timed_read(bootstrap: str, topics: list[str], work: str) -> tuple[int, float]:
    async with EventLog(bootstrap, topics) as log:
        started, count = time.perf_counter(), 0
        if work == "replay":
            replay = Replay(ReplayOptions(), fast_json.decode, fast_json.hash_check)
            report = await run_replay(log, replay, lambda read: None)
            assert report.clean, report.findings_by_rule()
            return report.events_read, time.perf_counter() - started
        async for batch in log.batches():
            count += len(batch)
            if work == "floor":
                for record in batch:
                    read_document(orjson.loads(record.value))
        return count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    parser.add_argument("--prefix", default=None, help="reuse topics already written")
    arguments = parser.parse_args()
    prefix = arguments.prefix
    if prefix is None:
        prefix = f"bench{uuid.uuid4().hex[:8]}."
        write_history(arguments.bootstrap, prefix, generate(arguments.events).messages)
    topics = [physical(name, prefix) for name in EVENT_TOPICS]
    results = {}
    for work in ("read", "floor", "replay"):
        gc.collect()
        count, seconds = asyncio.run(timed_read(arguments.bootstrap, topics, work))
        results[work] = count / seconds
        print(f"{work:7} {count:,} events in {seconds:.1f}s: {results[work]:,.0f} events/s")
    print(f"replay / floor throughput: {results['replay'] / results['floor']:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:,.0f} MiB (topics: {prefix})")


if __name__ == "__main__":
    main()
