"""`GET /feed/stream`: a department's feed as Server-Sent Events, live and resumable.

Each event is `id: <feed id>`, `event: <event type>`, `data: <notification JSON>`. A client
that reconnects with `Last-Event-ID` gets every item after that id, once. Without it the
stream starts at the newest item (send `Last-Event-ID: 0` to replay from the beginning).
Quiet periods carry a `: heartbeat` comment so proxies and clients see the line is alive.
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import AsyncIterator, Sequence
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from services.workflow.entrypoints.dependencies import read
from services.workflow.subscriptions import feed_store, subscription_store
from services.workflow.subscriptions.context import FeedState, feed_state
from services.workflow.subscriptions.feed_store import FeedItem
from services.workflow.subscriptions.kinds import parse_kinds
from services.workflow.subscriptions.rules import department_named, feed_scope
from shared.auth import CurrentPrincipal
from shared.waiting import until_set

router = APIRouter(tags=["subscriptions"])
PAGE = 200
TOKEN_EXPIRED = "token-expired"  # the last event of a stream whose token ran out
FEED_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits that fit the feed's 64-bit ids


@router.get("/feed/stream", response_class=StreamingResponse)
async def stream_feed(
    request: Request,
    principal: CurrentPrincipal,
    department: str | None = Query(None, description="Leads: their own (the default)."),
    kinds: str | None = Query(None, description="Comma-separated kinds; default all."),
    subscription: str | None = Query(None, description="Use this subscription's kinds."),
    last_event_id: Annotated[str | None, Header(description="Resume after this id.")] = None,
) -> StreamingResponse:
    """Stream the caller's department's events as they arrive (text/event-stream)."""
    wanted = department_named(department) if department else None
    scope = feed_scope(principal.role, principal.department, wanted)
    chosen = parse_kinds(kinds.split(",") if kinds else None)
    if subscription:
        found = await read(request, lambda c: subscription_store.get_subscription(c, subscription))
        feed_scope(principal.role, principal.department, found.department)
        scope, chosen = found.department, found.kinds
    if last_event_id is not None and not FEED_ID.fullmatch(last_event_id.strip()):
        raise HTTPException(422, "Last-Event-ID must be a feed id (a whole number)")
    after = (
        int(last_event_id)
        if last_event_id is not None
        else await read(request, feed_store.latest_feed_id)
    )
    ends = principal.expires_at.timestamp() if principal.expires_at else float("inf")
    return StreamingResponse(
        _events(request, feed_state(request), scope, chosen, after, ends),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _frame(item: FeedItem) -> str:
    data = json.dumps(item.notification(), separators=(",", ":"), ensure_ascii=False)
    return f"id: {item.feed_id}\nevent: {item.event_type}\ndata: {data}\n\n"


async def _events(
    request: Request,
    state: FeedState,
    department: str | None,
    kinds: Sequence[str],
    after: int,
    token_ends: float,
) -> AsyncIterator[str]:
    yield f"retry: 2000\n: connected after {after}\n\n"
    quiet_since = time.monotonic()
    while True:
        if time.time() >= token_ends:
            # The stream lives no longer than the token that opened it: reconnect with a
            # fresh one (Last-Event-ID resumes where this one stopped).
            yield f"event: {TOKEN_EXPIRED}\ndata: {{}}\n\n"
            return
        ring = state.bell.current()  # before reading, so an insert in between wakes us
        page = functools.partial(
            feed_store.feed_after, after=after, department=department, kinds=kinds, limit=PAGE
        )
        items = await read(request, page)
        for item in items:
            yield _frame(item)
            after = item.feed_id
        if items:
            quiet_since = time.monotonic()
            if len(items) == PAGE:
                continue
        quiet = time.monotonic() - quiet_since
        if quiet >= state.heartbeat_s:
            yield ": heartbeat\n\n"
            quiet_since, quiet = time.monotonic(), 0.0
        until_expiry = max(token_ends - time.time(), 0.0)
        await until_set(ring, min(state.poll_s, state.heartbeat_s - quiet, until_expiry))
