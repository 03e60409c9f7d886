"""Fault points: named places where a fault test can stop a process on purpose.

A fault test must reach its fault point by a hook, never by hoping a kill lands in the
middle of the work. Code marks the places worth crashing at with `fault_point(name)` (or
`await fault_point_async(name)` on the event loop); they do nothing unless the process
was started with

    ONECOUNCIL_FAULT_PAUSE_AT=bulk.chunk_committed,relay.batch_published@2
    ONECOUNCIL_FAULT_MARKER=/path/to/marker     (optional)

Armed, the `n`th arrival at a named point (`@n`, the first by default) appends
"<point> <pid>" to the marker file (and logs `fault.paused`), then pauses there until the
process is killed: a sync point blocks its thread, an async point suspends its task only,
so the rest of the process (HTTP, other tasks) keeps going. The test waits for the marker
line and SIGKILLs: the crash lands exactly there. The points are listed in
docs/reliability.md.

Unarmed, a point costs one environment lookup and nothing else.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections import Counter

import structlog

PAUSE_AT = "ONECOUNCIL_FAULT_PAUSE_AT"
MARKER = "ONECOUNCIL_FAULT_MARKER"

log = structlog.get_logger(__name__)
_arrivals: Counter[str] = Counter()
_arrivals_lock = threading.Lock()
# Never set in a real process (it is killed at the pause); an in-process test that has
# "killed" a replica around a paused thread sets it so the thread does not outlive the test.
_released = threading.Event()


def fault_point(name: str) -> None:
    """Pause this thread here for good if the process was armed at `name`."""
    armed = os.environ.get(PAUSE_AT)
    if armed and _reached(name, armed):
        _released.wait()  # the test kills the process now


async def fault_point_async(name: str) -> None:
    """Suspend this task here for good if the process was armed at `name`."""
    armed = os.environ.get(PAUSE_AT)
    if armed and _reached(name, armed):
        await asyncio.Event().wait()


def release_paused_threads() -> None:
    """Let threads paused at a sync point go on: for in-process tests only, once the replica
    around the pause was stopped as if killed (its work after the point then goes nowhere)."""
    _released.set()


def _reached(name: str, armed: str) -> bool:
    """Count this arrival; say (and mark) whether it is the one the process is armed at."""
    wanted = dict(_parse(point) for point in armed.split(",") if point.strip())
    if name not in wanted:
        return False
    with _arrivals_lock:
        _arrivals[name] += 1
        if _arrivals[name] != wanted[name]:
            return False
    log.warning("fault.paused", point=name, arrival=wanted[name])
    marker = os.environ.get(MARKER)
    if marker:
        with open(marker, "a", encoding="utf-8") as file:
            file.write(f"{name} {os.getpid()}\n")
    return True


def _parse(point: str) -> tuple[str, int]:
    name, _, nth = point.strip().partition("@")
    return name, int(nth or 1)
