"""Waiting on an event with a time limit, in a way that lets the waiting task be stopped."""

from __future__ import annotations

import asyncio


async def until_set(event: asyncio.Event, timeout_s: float) -> bool:
    """Wait until the event is set or `timeout_s` passes; True when it was set.

    Not `asyncio.wait_for`: on Python 3.11, when a task is cancelled just as the event is
    set, `wait_for` returns the result and swallows the cancellation. The outbox relay,
    told to stop as a commit rang its bell, then ran on until the shutdown grace cancelled
    it a second time: 20 s on every such stop. `asyncio.timeout` passes a cancel through."""
    try:
        async with asyncio.timeout(timeout_s):
            await event.wait()
    except TimeoutError:
        return False
    return True
