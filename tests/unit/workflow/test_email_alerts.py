"""Email subscriptions' rules and words: addresses, alerts, digests' timing, and what an
email says (and does not say)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage

import pytest

from services.workflow.subscriptions.email_content import (
    MAX_LINES,
    Change,
    Letterhead,
    alert_email,
    digest_email,
)
from services.workflow.subscriptions.email_rules import (
    ChannelRefused,
    alert_names,
    check_address,
    check_digest,
    digest_due,
    parse_alerts,
    period_of,
)

HEAD = Letterhead(
    sender="One Council <onecouncil@council.example>",
    to="lead.cs@council.example",
    department="CS",
    console_url="https://console.council.example",
    unsubscribe_url="https://workflow.council.example/unsubscribe/tok",
)
APPROVED = Change(
    kind="transfers", event_type="TransferApproved", aggregate_id="31001", title="Finance Officer"
)


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


def test_alerts_are_chosen_by_name_and_stored_as_event_types_in_the_documented_order() -> None:
    chosen = parse_alerts(["wave_slipped", " Post_Stalled ", "transfer_approved"])
    assert chosen == ("TransferStalled", "TransferApproved", "WaveSlipped")
    assert alert_names(chosen) == ["post_stalled", "transfer_approved", "wave_slipped"]


def test_an_unknown_alert_is_refused_naming_the_choices() -> None:
    with pytest.raises(ChannelRefused, match="unknown alert 'post_lost': choose from post_stalled"):
        parse_alerts(["post_lost"])


@pytest.mark.parametrize(
    "address",
    [
        "not an address",
        "lead@council",
        "lead@council.example\r\nBcc: all@elsewhere.example",
        "Lead <lead@council.example>",
        "a" * 250 + "@council.example",
    ],
)
def test_what_is_not_one_plain_address_is_refused(address: str) -> None:
    with pytest.raises(ChannelRefused, match=r"is not an email address like name@council\.gov\.uk"):
        check_address(address, [])


def test_an_address_outside_the_councils_domains_is_refused_when_domains_are_set() -> None:
    domains = ["council.example", ""]
    assert check_address("Lead.CS@Mail.Council.Example", domains) == "Lead.CS@mail.council.example"
    with pytest.raises(ChannelRefused, match="only to the council's own addresses"):
        check_address("lead@gmail.example", domains)


def test_an_email_subscription_needs_an_alert_or_a_digest() -> None:
    assert check_digest("weekly", ()) == "weekly"
    assert check_digest(None, ("TransferStalled",)) is None
    with pytest.raises(ChannelRefused, match="at least one alert, or a daily or weekly digest"):
        check_digest(None, ())


@pytest.mark.parametrize(
    ("digest", "now", "due"),
    [
        ("daily", datetime(2026, 6, 2, 6, 59, tzinfo=UTC), False),  # before the hour
        ("daily", datetime(2026, 6, 2, 7, 0, tzinfo=UTC), True),
        ("daily", datetime(2026, 6, 1, 23, 0, tzinfo=UTC), False),  # same day
        ("daily", datetime(2026, 6, 5, 1, 0, tzinfo=UTC), True),  # overdue: any hour
        ("weekly", datetime(2026, 6, 7, 12, 0, tzinfo=UTC), False),  # Sunday
        ("weekly", datetime(2026, 6, 8, 7, 0, tzinfo=UTC), True),  # next Monday
    ],
)
def test_a_digest_is_due_the_day_or_the_monday_after_the_last_from_the_set_hour(
    digest: str, now: datetime, due: bool
) -> None:
    assert digest_due(digest, date(2026, 6, 1), now, hour=7) is due  # 1 June 2026: Monday


def test_a_digest_names_its_period() -> None:
    assert period_of("daily", date(2026, 6, 1), date(2026, 6, 2)) == "daily digest, 1 June 2026"
    assert (
        period_of("weekly", date(2026, 6, 1), date(2026, 6, 8))
        == "weekly digest, 1 June 2026 to 7 June 2026"
    )


def test_an_alert_is_plain_text_and_html_with_a_heading_a_link_and_unsubscribe() -> None:
    message = alert_email(HEAD, APPROVED, "d-1")
    text, html = parts(message)
    assert message["Subject"] == (
        "Transfer approved: post 31001, Finance Officer (Children's Services)"
    )
    assert message["List-Unsubscribe"] == f"<{HEAD.unsubscribe_url}>"
    assert "Transfer approved: post 31001, Finance Officer" in text
    assert "https://console.council.example/posts/31001" in text
    assert f"Unsubscribe: {HEAD.unsubscribe_url}" in text
    assert "<h1>Transfer approved: post 31001, Finance Officer</h1>" in html
    assert 'href="https://console.council.example/posts/31001"' in html
    assert '<html lang="en">' in html and "<img" not in html


def test_a_digest_groups_changes_by_kind_escapes_titles_and_counts_what_it_leaves_out() -> None:
    risky = Change(kind="posts", event_type="PostRegistered", aggregate_id="9", title="<b>HR</b>")
    stalled = Change(kind="milestones", event_type="WaveSlipped", aggregate_id="W-2", title=None)
    changes = [risky, APPROVED, stalled] + [APPROVED] * MAX_LINES
    text, html = parts(digest_email(HEAD, "daily digest, 1 June 2026", changes, "d-2"))
    assert "Children's Services: daily digest, 1 June 2026" in text
    assert "Posts (1)" in text and "Milestones (1)" in text
    assert "- Wave slipped: W-2: https://console.council.example/" in text
    assert "&lt;b&gt;HR&lt;/b&gt;" in html and "<b>HR</b>" not in html
    assert "<h2>Transfers (198)</h2>" in html
    assert "3 more changes are in the console" in text


def test_a_quiet_digest_says_nothing_changed() -> None:
    message = digest_email(HEAD, "weekly digest, 1 June 2026 to 7 June 2026", [], "d-3")
    assert "(0 changes)" in message["Subject"]
    assert "Nothing changed in this period." in parts(message)[0]
