"""`/unsubscribe/{token}`: the link at the foot of every alert and digest. It works without
signing in (the signed token is the permission, for one subscription only). GET shows a
button, so a mail scanner that follows links unsubscribes nobody; POST (the button, or a
mail client's one-click unsubscribe, RFC 8058) ends the subscription."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.workflow.entrypoints.dependencies import read
from services.workflow.subscriptions import subscription_store
from services.workflow.subscriptions.context import feed_state, write
from services.workflow.subscriptions.rules import SubscriptionNotFound

router = APIRouter(tags=["subscriptions"])
NOT_OURS = "This unsubscribe link is not valid. Manage your subscriptions in the console."
DONE = "You are unsubscribed. You will get no more emails from this subscription."


def _page(heading: str, body: str = "", status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(heading)} - One Council</title></head>"
        f"<body><main><h1>{escape(heading)}</h1>{body}</main></body></html>",
        status_code=status_code,
    )


async def _subscription_of(request: Request, token: str) -> tuple[str, str] | None:
    subscription_id = feed_state(request).mail.links.subscription_of(token)
    if subscription_id is None:
        return None
    try:
        found = await read(
            request, lambda c: subscription_store.get_subscription(c, subscription_id)
        )
    except SubscriptionNotFound:
        return subscription_id, ""
    return subscription_id, found.email_address or ""


@router.get("/unsubscribe/{token}", response_class=HTMLResponse)
async def confirm_unsubscribe(token: str, request: Request) -> HTMLResponse:
    """A page with one button: unsubscribe."""
    found = await _subscription_of(request, token)
    if found is None:
        return _page(NOT_OURS, status_code=404)
    if not found[1]:
        return _page(DONE)
    form = (
        f"<p>Stop the One Council emails to {escape(found[1])}?</p>"
        f'<form method="post"><button type="submit">Unsubscribe</button></form>'
    )
    return _page("Unsubscribe from One Council emails", form)


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
async def unsubscribe(token: str, request: Request) -> HTMLResponse:
    """End the subscription the token was made for (again: nothing more to do)."""
    found = await _subscription_of(request, token)
    if found is None:
        return _page(NOT_OURS, status_code=404)
    subscription_id = found[0]
    await write(request, lambda c: subscription_store.remove_subscription(c, subscription_id))
    feed_state(request).dispatcher.changed.ring()
    return _page(DONE)
