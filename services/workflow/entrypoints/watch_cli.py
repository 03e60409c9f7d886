"""`onecouncil watch`: a department's changes, live in the terminal (or as JSON lines).

Connects to Workflow's `GET /feed/stream` with a bearer token and prints each event as it
arrives. After a dropped connection it reconnects with `Last-Event-ID`, so nothing is
missed and nothing printed twice.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import typer

from services.workflow.subscriptions.kinds import KINDS
from services.workflow.subscriptions.stream import TOKEN_EXPIRED
from shared.cli_http import SERVICE_URLS, Service, ServiceFailure

RETRY_WAITS_S = (0.5, 1.0, 2.0, 3.0)


@dataclass
class Frame:
    """One Server-Sent Event: its id, event name and data (comments are dropped)."""

    id: str | None = None
    event: str | None = None
    data: list[str] = field(default_factory=list)


async def sse_frames(lines: AsyncIterator[str]) -> AsyncIterator[Frame]:
    """Parse a text/event-stream into frames (per the HTML Server-Sent Events rules)."""
    frame = Frame()
    async for line in lines:
        if not line:
            if frame.data or frame.id is not None:
                yield frame
            frame = Frame()
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "id":
            frame.id = value
        elif name == "event":
            frame.event = value
        elif name == "data":
            frame.data.append(value)


def readable(notification: dict[str, Any]) -> str:
    """One line a person can scan: time, type, post (or candidate), summary."""
    event = notification.get("event", {})
    when = str(notification.get("occurred_at", ""))[:16].replace("T", " ")
    what = "candidate" if event.get("aggregate_type") == "candidate" else "post"
    return (
        f"{when}  {notification['event_type']:<24} {what} {notification['aggregate_id']:<10} "
        f"{notification.get('summary', '')}"
    )


@dataclass(frozen=True)
class WatchOptions:
    """What to watch and how to print it; `max_events` (None: no end) stops after that many."""

    params: dict[str, str]
    as_json: bool = False
    max_events: int | None = None


async def watch(service: Service, token: str, options: WatchOptions, last_id: str | None) -> None:
    """Print the stream until interrupted (or `max_events` printed), reconnecting after drops.

    A service that never answered, refused, or is not Workflow's stream fails at once: only
    a stream that was running is retried.
    """
    failures, printed, connected = 0, 0, False
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    timeout = httpx.Timeout(10.0, read=None)
    async with httpx.AsyncClient(base_url=service.url, timeout=timeout) as client:
        while options.max_events is None or printed < options.max_events:
            resume = {"Last-Event-ID": last_id} if last_id is not None else {}
            try:
                async with client.stream(
                    "GET", "/feed/stream", params=options.params, headers={**headers, **resume}
                ) as response:
                    await _check_opened(service, response)
                    if not connected:
                        typer.echo(f"Watching {service.url}/feed/stream (Ctrl-C stops)", err=True)
                    failures, connected = 0, True
                    async for frame in sse_frames(response.aiter_lines()):
                        if frame.event == TOKEN_EXPIRED:
                            raise ServiceFailure(
                                "the token expired and the stream ended: get a new token "
                                f"and resume with --since {last_id or 0}"
                            )
                        notification = _notification(service, frame)
                        typer.echo(
                            json.dumps(notification) if options.as_json else readable(notification)
                        )
                        last_id, printed = frame.id or last_id, printed + 1
                        if printed == options.max_events:
                            return
            except httpx.HTTPError as error:
                if not connected:
                    raise service.unreachable(error) from None
                wait = RETRY_WAITS_S[min(failures, len(RETRY_WAITS_S) - 1)]
                typer.echo(
                    f"connection lost ({type(error).__name__}); retrying in {wait}s", err=True
                )
                failures += 1
                await asyncio.sleep(wait)


async def _check_opened(service: Service, response: httpx.Response) -> None:
    """Raise `ServiceFailure` unless the answer is Workflow's event stream."""
    if response.status_code >= 400:
        await response.aread()
        service.json_of(response)  # a refusal (bad token, wrong department) or not Workflow
    if not response.headers.get("content-type", "").startswith("text/event-stream"):
        raise service.not_itself(response)


def _notification(service: Service, frame: Frame) -> dict[str, Any]:
    try:
        notification: dict[str, Any] = json.loads("\n".join(frame.data))
    except ValueError:
        shown = "\n".join(frame.data)[:200]
        raise ServiceFailure(f"{service.url} sent an event that is not JSON: {shown!r}") from None
    return notification


def watch_command(
    department: Annotated[
        str | None, typer.Option(help="Department code or name (leads: their own).")
    ] = None,
    kinds: Annotated[
        str | None,
        typer.Option(help="Comma-separated kinds (default all): " + ", ".join(KINDS)),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    url: Annotated[
        str, typer.Option(envvar="ONECOUNCIL_WORKFLOW_URL", help="Workflow service URL.")
    ] = SERVICE_URLS["workflow"][1],
    token: Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token.")] = "",
    since: Annotated[
        str | None, typer.Option(help="Start after this feed id (0: from the beginning).")
    ] = None,
    max_events: Annotated[
        int | None, typer.Option(min=1, help="Stop after printing this many (default: never).")
    ] = None,
) -> None:
    """Print a department's changes as they happen (Ctrl-C stops)."""
    if not token:
        raise typer.BadParameter("give --token or set ONECOUNCIL_TOKEN", param_hint="--token")
    params = {key: value for key, value in (("department", department), ("kinds", kinds)) if value}
    options = WatchOptions(params, as_json, max_events)
    try:
        asyncio.run(watch(Service.local("workflow", url), token, options, since))
    except KeyboardInterrupt:
        sys.exit(0)
