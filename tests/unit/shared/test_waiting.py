"""A task waiting on an event with a time limit stops when told, even if the event rang
in the same moment (what `asyncio.wait_for` on Python 3.11 got wrong)."""

from __future__ import annotations

import asyncio
import contextlib
import sys

import pytest

from shared.waiting import until_set


async def test_a_cancel_that_arrives_as_the_event_is_set_still_stops_the_task() -> None:
    event = asyncio.Event()
    waiter = asyncio.create_task(until_set(event, 60))
    await asyncio.sleep(0)  # the task is now waiting on the event
    event.set()
    waiter.cancel()  # in the same tick: both wake-ups are pending together
    with pytest.raises(asyncio.CancelledError):
        await waiter


async def test_it_says_whether_the_event_was_set_or_the_time_ran_out() -> None:
    event = asyncio.Event()
    assert await until_set(event, 0.01) is False
    event.set()
    assert await until_set(event, 60) is True


async def test_the_old_way_swallowed_that_cancel() -> None:
    """Why `until_set` exists: the same moment through `wait_for` leaves the task running."""
    event = asyncio.Event()

    async def old_wait() -> str:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), 60)
        return "ran on"

    waiter = asyncio.create_task(old_wait())
    await asyncio.sleep(0)
    event.set()
    waiter.cancel()
    try:
        outcome = await waiter
    except asyncio.CancelledError:
        outcome = "stopped"
    assert outcome == ("ran on" if sys.version_info < (3, 12) else "stopped")
