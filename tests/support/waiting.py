"""The one way tests wait for something to happen: `eventually` (and its async twin).

Each polls a reading until a predicate accepts it, and fails saying what it last saw,
so a test never hand-writes a deadline loop and never returns a partial answer quietly.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

T = TypeVar("T")
Reading = Callable[[], T]
# A connection error while a service starts or restarts counts as "not yet".
NOT_YET: tuple[type[Exception], ...] = (httpx.TransportError,)


def _truthy(value: object) -> bool:
    return bool(value)


def _failure(what: str, timeout: float, last: object) -> AssertionError:
    shown = f"{last.status_code} {last.text}" if isinstance(last, httpx.Response) else repr(last)
    if len(shown) > 2000:
        shown = shown[:2000] + "…"
    return AssertionError(f"{what}: not within {timeout:g} s; last seen: {shown}")


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
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            reading = read()
        except tolerating as error:
            last = error
        else:
            if ready(reading):
                return reading
            last = reading
        if time.monotonic() > deadline:
            raise _failure(what, timeout, last)
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
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            reading = await read()
        except tolerating as error:
            last = error
        else:
            if ready(reading):
                return reading
            last = reading
        if time.monotonic() > deadline:
            raise _failure(what, timeout, last)
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
