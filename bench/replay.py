"""Replay: the audit replay (integrity checks on) vs raw reads of the same events.

    python -m bench.replay [--events 1000000]

Fills the event topics once with a generated history (HR and Finance, posts through the
whole lifecycle; one in ten stays put), then measures, each in a fresh process so its peak
memory is its own: the audit's reader alone (raw read); the reader plus plain pydantic
validation of every message (read + validate); and the audit replay (decode, hash chain,
sequence and duplicate checks, signatures — one per checkpoint, each event after the last
one on its own — the signed logs rebuilt and held to their checkpoints, validation, the
establishment fold and the control checks).
Each is run `--rounds` times, interleaved, and the fastest kept. Prints events/s, ratios
and each process's peak RSS. Uses KAFKA_BOOTSTRAP_SERVERS if set,
else a private broker.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from bench.kafka_io import Headers, fill_topics, plain_validate
from bench.report import report
from services.audit.adapters import fast_json
from services.audit.adapters.kafka_log import EventLog, read_checkpoints
from services.audit.application.replay import Replay, ReplayOptions
from services.audit.application.run import run_replay
from shared.events.envelope import hash_is_valid
from shared.events.topics import EVENT_TOPICS, physical
from tests.support.brokers import kafka_broker
from tests.support.envelopes import to_bytes
from tests.support.signed_logs import SignedLogWriter
from tests.unit.audit.scenario import History

DEPARTMENTS = ("CS", "ASC", "PLACE", "CORP")
CHECKPOINT_EVERY = 10_000
GiB = 1024**3


def history(count: int, posts_per_chunk: int = 500) -> Iterator[tuple[str, bytes, bytes, Headers]]:
    """(physical topic name without prefix, key, value, headers) for `count` events, made a
    chunk of posts at a time so the whole history is never held in memory; each producer
    positions its events in its signed log and signs a checkpoint every 10,000 of them."""
    logs = SignedLogWriter(every=CHECKPOINT_EVERY)
    produced, number = 0, 0
    while produced < count:
        chunk = History()
        for _ in range(posts_per_chunk):
            post = str(100_000 + number)
            chunk.register(post, DEPARTMENTS[number % 4], 30_000, date(2026, 1, 5))
            if number % 10 != 9:
                chunk.full_transfer(post, f"T-{number}", date(2026, 2, 1), date(2026, 4, 1))
            number += 1
        for message in chunk.messages:
            for topic, key, document, headers in logs.publish(
                message.topic, message.key, message.document
            ):
                yield topic, key.encode(), to_bytes(document), headers
            produced += 1
            if produced == count:
                for topic, key, document, headers in logs.finish():
                    yield topic, key.encode(), to_bytes(document), headers
                return


async def measure(bootstrap: str, prefix: str, work: str) -> dict[str, float]:
    """One measurement in this process: events, seconds, peak RSS."""
    topics = [physical(name, prefix) for name in EVENT_TOPICS]
    async with EventLog(bootstrap, topics) as log:
        started, count = time.perf_counter(), 0
        if work == "replay":
            replay = Replay(ReplayOptions(), fast_json.decode, hash_is_valid)
            await read_checkpoints(bootstrap, topics, None, replay)
            audit = await run_replay(log, replay, lambda read: None)
            count = audit.events_read
            findings = len(audit.integrity) + len(audit.unreadable)
        else:
            findings = 0
            async for batch in log.batches():
                count += len(batch)
                if work == "pydantic":
                    for record in batch:
                        plain_validate(record.value)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"events": count, "seconds": seconds, "peak_rss": peak, "findings": findings}


def _in_child(bootstrap: str, prefix: str, work: str) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.replay", "--measure", work]
    command += ["--bootstrap", bootstrap, "--prefix", prefix]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


async def _fill(bootstrap: str, prefix: str, events: int) -> int:
    topics = [physical(name, prefix) for name in EVENT_TOPICS]
    return await fill_topics(
        bootstrap,
        topics,
        (
            (physical(topic, prefix), key, value, headers)
            for topic, key, value, headers in history(events)
        ),
        partitions=3,
    )


def main(events: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder, kafka_broker(Path(folder)) as bootstrap:
        prefix = f"bench{uuid.uuid4().hex[:8]}."
        started = time.perf_counter()
        filled = asyncio.run(_fill(bootstrap, prefix, events))
        print(f"filled {filled:,} events in {time.perf_counter() - started:.0f}s", flush=True)
        # Each measurement `rounds` times, interleaved, keeping the fastest: other load on
        # the machine only ever slows a run down, so the best is the fairer figure.
        results: dict[str, dict[str, float]] = {}
        for _ in range(rounds):
            for work in ("read", "pydantic", "replay"):
                figures = _in_child(bootstrap, prefix, work)
                best = results.get(work)
                if best is None or figures["seconds"] < best["seconds"]:
                    results[work] = figures
    rate = {work: r["events"] / r["seconds"] for work, r in results.items()}
    peak = results["replay"]["peak_rss"]
    report(
        "replay",
        [
            ("events", f"{filled:,}"),
            ("raw read (audit reader)", f"{rate['read']:,.0f}/s"),
            ("raw read + validate (plain pydantic)", f"{rate['pydantic']:,.0f}/s"),
            ("audit replay (integrity on)", f"{rate['replay']:,.0f}/s"),
            ("ratio to raw read", f"{rate['replay'] / rate['read']:.2f}"),
            ("ratio to read + validate (target ≥ 0.5)", f"{rate['replay'] / rate['pydantic']:.2f}"),
            ("replay peak RSS (target < 1 GiB)", f"{peak / GiB:.2f} GiB"),
            ("read + validate peak RSS", f"{results['pydantic']['peak_rss'] / GiB:.2f} GiB"),
            ("integrity / unreadable findings", f"{results['replay']['findings']:.0f}"),
        ],
        {
            "events": filled,
            "raw_per_s": rate["read"],
            "validated_per_s": rate["pydantic"],
            "replay_per_s": rate["replay"],
            "ratio_raw": rate["replay"] / rate["read"],
            "ratio_validated": rate["replay"] / rate["pydantic"],
            "replay_peak_rss_bytes": peak,
            "validated_peak_rss_bytes": results["pydantic"]["peak_rss"],
            "read_peak_rss_bytes": results["read"]["peak_rss"],
            "findings": results["replay"]["findings"],
        },
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--measure", choices=("read", "pydantic", "replay"))
    parser.add_argument("--bootstrap")
    parser.add_argument("--prefix")
    arguments = parser.parse_args()
    if arguments.measure:
        figures = asyncio.run(measure(arguments.bootstrap, arguments.prefix, arguments.measure))
        print(json.dumps(figures))
    else:
        main(arguments.events, arguments.rounds)
