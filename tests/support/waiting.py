"""The one way tests wait for something to happen: `eventually` (and its async twin).

Each polls a reading until a predicate accepts it, and fails saying what it last saw,
so a test never hand-writes a deadline loop and never returns a partial answer quietly.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import httpx

T = TypeVar("T")
Reading = Callable[[], T]
# A connection error while a service starts or restarts counts as "not yet".
NOT_YET: tuple[type[Exception], ...] = (httpx.TransportError,)


def _truthy(value: object) -> bool:
    return bool(value)


class _Wait:
    """One wait: its deadline and what it last saw."""

    def __init__(self, what: str, timeout: float, tolerating: tuple[type[Exception], ...]) -> None:
        self.what, self.timeout, self.tolerating = what, timeout, tolerating
        self.deadline = time.monotonic() + timeout
        self.last: object = None

    def accepts(self, reading: Any, ready: Callable[[Any], bool]) -> bool:
        """Whether the reading is ready; if not, remember it, and fail once time is up."""
        if not isinstance(reading, self.tolerating) and ready(reading):
            return True
        self.last = reading
        if time.monotonic() > self.deadline:
            last = self.last
            text = (
                f"{last.status_code} {last.text}"
                if isinstance(last, httpx.Response)
                else repr(last)
            )
            if len(text) > 2000:
                text = text[:2000] + "…"
            raise AssertionError(f"{self.what}: not within {self.timeout:g} s; last seen: {text}")
        return False


def eventually(
    read: Callable[[], T],
    ready: Callable[[T], bool] = _truthy,
    *,
    what: str = "condition",
    timeout: float = 30,
    interval: float = 0.1,
    tolerating: tuple[type[Exception], ...] = NOT_YET,
) -> T:
    """Call `read` until `ready(reading)`; return that reading, or fail with the last one.

    An error of a `tolerating` kind (by default a connection error) counts as "not yet".
    """
    wait = _Wait(what, timeout, tolerating)
    while True:
        try:
            reading: Any = read()
        except tolerating as error:
            reading = error
        if wait.accepts(reading, ready):
            return cast(T, reading)
        time.sleep(interval)


async def eventually_async(
    read: Callable[[], Awaitable[T]],
    ready: Callable[[T], bool] = _truthy,
    *,
    what: str = "condition",
    timeout: float = 30,
    interval: float = 0.1,
    tolerating: tuple[type[Exception], ...] = NOT_YET,
) -> T:
    """`eventually` for a coroutine reading, sleeping without blocking the event loop."""
    wait = _Wait(what, timeout, tolerating)
    while True:
        try:
            reading: Any = await read()
        except tolerating as error:
            reading = error
        if wait.accepts(reading, ready):
            return cast(T, reading)
        await asyncio.sleep(interval)


def eventually_get(
    client: httpx.Client,
    path: str,
    ready: Callable[[httpx.Response], bool],
    *,
    timeout: float = 30,
    **request: Any,
) -> httpx.Response:
    """GET `path` until `ready(response)`; fail with the last status and body."""
    return eventually(
        lambda: client.get(path, **request), ready, what=f"GET {path}", timeout=timeout
    )


async def eventually_get_async(
    client: httpx.AsyncClient,
    path: str,
    ready: Callable[[httpx.Response], bool],
    *,
    timeout: float = 30,
    **request: Any,
) -> httpx.Response:
    """`eventually_get` with an async client."""
    return await eventually_async(
        lambda: client.get(path, **request), ready, what=f"GET {path}", timeout=timeout
    )
