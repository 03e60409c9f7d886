"""The test kit's one wait helper fails loudly with what it last saw."""

from __future__ import annotations

import itertools

import httpx
import pytest

from tests.support.waiting import eventually, eventually_async, eventually_get


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


def test_eventually_tolerates_only_the_errors_it_is_told_to_and_shows_the_last() -> None:
    def read() -> str:
        raise KeyError("stage")

    with pytest.raises(AssertionError, match=r"last seen: KeyError\('stage'\)"):
        eventually(read, tolerating=(KeyError,), timeout=0.05, interval=0.01)
    with pytest.raises(KeyError):
        eventually(read, timeout=0.05)  # not a connection error: it fails at once


def test_eventually_get_fails_with_the_last_status_and_body() -> None:
    answers = httpx.MockTransport(lambda request: httpx.Response(404, text="no such post"))
    with (
        httpx.Client(transport=answers, base_url="http://hr") as client,
        pytest.raises(AssertionError, match=r"GET /posts/1: .* last seen: 404 no such post"),
    ):
        eventually_get(client, "/posts/1", lambda r: r.status_code == 200, timeout=0.05)
