"""Teams and Slack messages: a card or blocks with a heading, a linked line per change, and
titles that cannot break the markup; an unlisted chat host refused without a lookup."""

from __future__ import annotations

import pytest

from services.workflow.subscriptions.chat_content import (
    MAX_CHANGES,
    heading,
    slack_message,
    teams_card,
)
from services.workflow.subscriptions.destinations import DestinationRefused, Destinations
from services.workflow.subscriptions.email_content import Change

CONSOLE = "https://console.council.example"
MOVED = Change(kind="milestones", event_type="PostMoveCompleted", aggregate_id="5", title="HR <a>")
SLIPPED = Change(kind="milestones", event_type="WaveSlipped", aggregate_id="W-1", title=None)


def test_an_alert_heading_names_the_change_and_a_digest_its_period_and_count() -> None:
    assert (
        heading("CS", None, [MOVED]) == "Post move completed: post 5, HR <a> (Children's Services)"
    )
    assert heading("PLACE", "daily digest, 1 June 2026", [MOVED, SLIPPED]) == (
        "Place: daily digest, 1 June 2026 (2 changes)"
    )


def test_a_teams_card_links_each_change_and_opens_the_post_in_the_console() -> None:
    bracketed = Change(kind="posts", event_type="PostUpdated", aggregate_id="6", title="A [b]")
    message = teams_card("Title", [bracketed], CONSOLE)
    card = message["attachments"][0]["content"]
    assert card["body"][1]["text"] == f"[Post updated: post 6, A (b)]({CONSOLE}/posts/6)"
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Open in the console", "url": f"{CONSOLE}/posts/6"}
    ]


def test_a_long_digest_stays_short_in_chat_and_says_how_many_more() -> None:
    many = [SLIPPED] * (MAX_CHANGES + 4)
    card = teams_card("Title", many, CONSOLE)["attachments"][0]["content"]
    assert card["body"][-1]["text"] == "4 more changes are in the console."
    assert card["actions"][0]["url"] == CONSOLE
    text = slack_message("Title", many, CONSOLE)["blocks"][1]["text"]["text"]
    assert text.endswith("\n4 more changes are in the console.")


def test_slack_lines_escape_what_slack_reads_as_markup() -> None:
    section = slack_message("T", [MOVED], CONSOLE)["blocks"][1]
    assert (
        section["text"]["text"] == f"<{CONSOLE}/posts/5|Post move completed: post 5, HR &lt;a&gt;>"
    )


async def test_a_chat_host_not_listed_is_refused_before_its_name_is_looked_up() -> None:
    hosts = Destinations.from_settings(
        "council.webhook.office.com", "", local=False, listed_in="CHAT_WEBHOOK_HOSTS"
    )
    with pytest.raises(DestinationRefused, match="lists receivers in CHAT_WEBHOOK_HOSTS"):
        await hosts.check("https://no-such-host.invalid/webhook")
