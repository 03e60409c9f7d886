"""Alerts and digests as chat messages: an Adaptive Card for a Microsoft Teams channel's
incoming webhook, blocks for a Slack one. The same words as the emails (post numbers and
titles, what happened), a heading, and a link into the console for each change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from services.workflow.subscriptions.email_content import Change, console_link
from shared.reference import DEPARTMENTS

MAX_CHANGES: Final = 30  # a chat message stays short; the rest are in the console
CARD: Final = "application/vnd.microsoft.card.adaptive"


def heading(department: str, period: str | None, changes: Sequence[Change]) -> str:
    """What the message is: one change, or a digest of a period."""
    name = DEPARTMENTS.get(department, department)
    if period is None:
        return f"{changes[0].line()} ({name})"
    return f"{name}: {period} ({len(changes)} change{'s' * (len(changes) != 1)})"


def teams_card(title: str, changes: Sequence[Change], console_url: str) -> dict[str, Any]:
    """A message carrying one Adaptive Card (version 1.4, which Teams renders)."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "size": "Medium", "weight": "Bolder", "wrap": True}
    ]
    body += [
        {
            "type": "TextBlock",
            "text": f"[{_teams(c.line())}]({console_link(console_url, c)})",
            "wrap": True,
        }
        for c in changes[:MAX_CHANGES]
    ]
    if len(changes) > MAX_CHANGES:
        more = f"{len(changes) - MAX_CHANGES} more changes are in the console."
        body.append({"type": "TextBlock", "text": more, "wrap": True, "isSubtle": True})
    link = console_link(console_url, changes[0]) if len(changes) == 1 else console_url
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": "Open in the console", "url": link}],
    }
    return {"type": "message", "attachments": [{"contentType": CARD, "content": card}]}


def slack_message(title: str, changes: Sequence[Change], console_url: str) -> dict[str, Any]:
    """Blocks: a header and one line per change with its link; `text` for notifications."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}}
    ]
    lines = [f"<{console_link(console_url, c)}|{_slack(c.line())}>" for c in changes[:MAX_CHANGES]]
    if len(changes) > MAX_CHANGES:
        lines.append(f"{len(changes) - MAX_CHANGES} more changes are in the console.")
    blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}})
    return {"text": title, "blocks": blocks}


def _teams(text: str) -> str:
    # A bracket in a title would end the Markdown link early.
    return text.replace("[", "(").replace("]", ")")


def _slack(text: str) -> str:
    # Slack's three control characters; titles come from people.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
