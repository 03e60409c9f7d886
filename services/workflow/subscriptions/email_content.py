"""The words of alert and digest emails: plain text and HTML (GOV.UK Notify-like: a heading,
short lines, real links, no images), with links into the console and an unsubscribe link.

Only what a post is (its number and title) and what happened to it (the event's name) go in:
never the feed's summaries, which carry reasons and names typed by people.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid
from html import escape

from shared.reference import DEPARTMENTS

MAX_LINES = 200  # a digest longer than this says how many more are in the console
# Headers unfolded up to SMTP's hard limit: the standard library folds a long subject with
# an apostrophe straight after "Subject:", and some clients then show a leading space.
_POLICY = SMTP.clone(max_line_length=998)
_WORD = re.compile(r"(?<!^)(?=[A-Z])")


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One change as an email tells it: what happened, to which post (or other thing)."""

    kind: str
    event_type: str
    aggregate_id: str
    title: str | None  # the post's title, when the change is a post's

    def line(self) -> str:
        what = _WORD.sub(" ", self.event_type).capitalize()
        if self.title is None:
            return f"{what}: {self.aggregate_id}"
        return f"{what}: post {self.aggregate_id}, {self.title}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Letterhead:
    """Who the email is from and to, and where its links lead."""

    sender: str
    to: str
    department: str
    console_url: str
    unsubscribe_url: str

    def link(self, change: Change) -> str:
        return console_link(self.console_url, change)


def console_link(console_url: str, change: Change) -> str:
    """The change's post in the console, or the console's home for anything else."""
    base = console_url.rstrip("/")
    return f"{base}/posts/{change.aggregate_id}" if change.title is not None else f"{base}/"


def alert_email(head: Letterhead, change: Change, delivery_id: str) -> EmailMessage:
    """One change sent at once."""
    subject = f"{change.line()} ({_department(head)})"
    text = [change.line(), "", f"See it in the console: {head.link(change)}"]
    html = [
        f"<h1>{escape(change.line())}</h1>",
        f'<p><a href="{escape(head.link(change))}">See post {escape(change.aggregate_id)} '
        "in the console</a></p>"
        if change.title is not None
        else f'<p><a href="{escape(head.link(change))}">Open the console</a></p>',
    ]
    return _email(head, subject, text, html, delivery_id)


def digest_email(
    head: Letterhead, period: str, changes: Sequence[Change], delivery_id: str
) -> EmailMessage:
    """The changes of a period, grouped by kind, at most MAX_LINES of them."""
    title = f"{_department(head)}: {period}"
    subject = f"{title} ({len(changes)} change{'s' * (len(changes) != 1)})"
    text, html = [title, ""], [f"<h1>{escape(title)}</h1>"]
    if not changes:
        text.append("Nothing changed in this period.")
        html.append("<p>Nothing changed in this period.</p>")
    for kind, group in _by_kind(changes[:MAX_LINES]).items():
        heading = f"{kind.capitalize()} ({len(group)})"
        text += [heading, *(f"- {c.line()}: {head.link(c)}" for c in group), ""]
        html += [f"<h2>{escape(heading)}</h2>", "<ul>"]
        html += [f'<li><a href="{escape(head.link(c))}">{escape(c.line())}</a></li>' for c in group]
        html.append("</ul>")
    if len(changes) > MAX_LINES:
        more = f"{len(changes) - MAX_LINES} more changes are in the console: {head.console_url}"
        text.append(more)
        html.append(f"<p>{escape(more)}</p>")
    return _email(head, subject, text, html, delivery_id)


def _by_kind(changes: Sequence[Change]) -> Mapping[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.kind, []).append(change)
    return grouped


def _department(head: Letterhead) -> str:
    return DEPARTMENTS.get(head.department, head.department)


def _email(
    head: Letterhead, subject: str, text: list[str], html: list[str], delivery_id: str
) -> EmailMessage:
    footer = "You get this email because you subscribed to your department's changes."
    stop = f"Unsubscribe: {head.unsubscribe_url}"
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = subject
    message["From"], message["To"] = head.sender, head.to
    message["Message-ID"] = make_msgid(idstring=delivery_id, domain="onecouncil")
    message["X-OneCouncil-Delivery"] = delivery_id
    # One-click unsubscribe (RFC 8058): mail clients show a button that POSTs to the link.
    message["List-Unsubscribe"] = f"<{head.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content("\n".join([*text, "", "--", footer, stop]) + "\n")
    body = "\n".join(html)
    message.add_alternative(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(subject)}'
        f'</title></head><body style="font-family: Arial, sans-serif; font-size: 19px">\n{body}\n'
        f"<hr><p>{escape(footer)}</p>"
        f'<p><a href="{escape(head.unsubscribe_url)}">Unsubscribe from these emails</a></p>'
        "</body></html>\n",
        subtype="html",
    )
    return message
