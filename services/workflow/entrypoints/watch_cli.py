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


class Refused(Exception):
    """The service said no (bad token, wrong department): retrying will not help."""


def readable(notification: dict[str, Any]) -> str:
    """One line a person can scan: time, type, post (or candidate), summary."""
    event = notification.get("event", {})
    when = str(notification.get("occurred_at", ""))[:16].replace("T", " ")
    what = "candidate" if event.get("aggregate_type") == "candidate" else "post"
    return (
        f"{when}  {notification['event_type']:<24} {what} {notification['aggregate_id']:<10} "
        f"{notification.get('summary', '')}"
    )


async def watch(
    url: str, token: str, params: dict[str, str], as_json: bool, last_id: str | None
) -> None:
    """Print the stream until interrupted, reconnecting after drops."""
    failures = 0
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    timeout = httpx.Timeout(10.0, read=None)
    async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
        while True:
            resume = {"Last-Event-ID": last_id} if last_id is not None else {}
            try:
                async with client.stream(
                    "GET", "/feed/stream", params=params, headers={**headers, **resume}
                ) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        raise Refused(_detail(response))
                    failures = 0
                    async for frame in sse_frames(response.aiter_lines()):
                        notification = json.loads("\n".join(frame.data))
                        typer.echo(json.dumps(notification) if as_json else readable(notification))
                        last_id = frame.id or last_id
            except httpx.HTTPError as error:
                wait = RETRY_WAITS_S[min(failures, len(RETRY_WAITS_S) - 1)]
                typer.echo(
                    f"connection lost ({type(error).__name__}); retrying in {wait}s", err=True
                )
                failures += 1
                await asyncio.sleep(wait)


def _detail(response: httpx.Response) -> str:
    try:
        return f"{response.status_code}: {response.json()['detail']}"
    except (ValueError, KeyError, TypeError):
        return f"{response.status_code}: {response.text[:300]}"


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
    ] = "http://127.0.0.1:8003",
    token: Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token.")] = "",
    since: Annotated[
        str | None, typer.Option(help="Start after this feed id (0: from the beginning).")
    ] = None,
) -> None:
    """Print a department's changes as they happen (Ctrl-C stops)."""
    if not token:
        raise typer.BadParameter("give --token or set ONECOUNCIL_TOKEN", param_hint="--token")
    params = {key: value for key, value in (("department", department), ("kinds", kinds)) if value}
    try:
        asyncio.run(watch(url.rstrip("/"), token, params, as_json, since))
    except Refused as error:
        typer.echo(f"refused: {error}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        sys.exit(0)
