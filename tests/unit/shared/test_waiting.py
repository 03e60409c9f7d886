"""The test kit's one wait helper fails loudly with what it last saw."""

from __future__ import annotations

import itertools

import httpx
import pytest

from tests.support.waiting import eventually, eventually_async


def test_eventually_returns_the_first_reading_the_predicate_accepts() -> None:
    counter = itertools.count()
    assert eventually(lambda: next(counter), lambda n: n >= 3, interval=0) == 3


def test_eventually_fails_with_what_it_waited_for_and_the_last_reading() -> None:
    with pytest.raises(AssertionError, match=r"three rows: not within 0.05 s; last seen: \[1, 2\]"):
        eventually(lambda: [1, 2], lambda rows: len(rows) == 3, what="three rows", timeout=0.05)


def test_eventually_treats_a_refused_connection_as_not_yet() -> None:
    calls = itertools.count()

    def read() -> str:
        if next(calls) < 2:
            raise httpx.ConnectError("refused")
        return "up"

    assert eventually(read, interval=0) == "up"


async def test_eventually_async_waits_without_blocking_and_fails_with_the_last_reading() -> None:
    async def read() -> int:
        return 7

    assert await eventually_async(read, lambda n: n == 7) == 7
    with pytest.raises(AssertionError, match="last seen: 7"):
        await eventually_async(read, lambda n: n == 8, timeout=0.05, interval=0.01)
