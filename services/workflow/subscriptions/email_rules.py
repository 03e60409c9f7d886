"""Rules of email subscriptions: which changes a lead may have at once, which addresses mail
may go to, and when a daily or weekly digest is due. Pure: no infrastructure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Final

from shared.events import finance, hr, milestones

# Changes a lead may ask to hear of at once (one email each); everything else of their
# chosen kinds waits for the digest. Names are what the lead picks; values the event types.
ALERTS: Final[dict[str, str]] = {
    "post_stalled": milestones.TransferStalled.EVENT_TYPE,
    "transfer_approved": hr.TransferApproved.EVENT_TYPE,
    "transfer_rejected": hr.TransferRejected.EVENT_TYPE,
    "transfer_cancelled": hr.TransferCancelled.EVENT_TYPE,
    "transfer_rescinded": hr.TransferRescinded.EVENT_TYPE,
    "post_moved": milestones.PostMoveCompleted.EVENT_TYPE,
    "post_at_risk": hr.PostMarkedAtRisk.EVENT_TYPE,
    "wave_slipped": milestones.WaveSlipped.EVENT_TYPE,
    "budget_check_failed": finance.BudgetCheckFailed.EVENT_TYPE,
}
DIGESTS: Final = ("daily", "weekly")
_ALERT_OF: Final = {event_type: name for name, event_type in ALERTS.items()}
# One address, no display name and nothing a mail header could be split on.
_ADDRESS: Final = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
MAX_ADDRESS: Final = 254


class ChannelRefused(ValueError):
    """A subscription's channel (address, URL), alerts or digest cannot be taken as given."""


def parse_alerts(names: Iterable[str]) -> tuple[str, ...]:
    """The event types of the named alerts, in the documented order."""
    wanted = {name.strip().lower() for name in names if name.strip()}
    for name in sorted(wanted - set(ALERTS)):
        raise ChannelRefused(f"unknown alert {name!r}: choose from {', '.join(ALERTS)}")
    return tuple(event_type for name, event_type in ALERTS.items() if name in wanted)


def alert_names(event_types: Iterable[str]) -> list[str]:
    """The names a lead chose, from the stored event types."""
    return [_ALERT_OF[event_type] for event_type in event_types if event_type in _ALERT_OF]


def check_address(address: str, allowed_domains: Iterable[str]) -> str:
    """The address, lower-cased after the @, if mail may go to it."""
    address = address.strip()
    if len(address) > MAX_ADDRESS or not _ADDRESS.match(address):
        raise ChannelRefused(f"{address[:80]!r} is not an email address like name@council.gov.uk")
    local, domain = address.rsplit("@", 1)
    domain = domain.lower()
    domains = [allowed.strip().lower() for allowed in allowed_domains if allowed.strip()]
    if domains and not any(domain == d or domain.endswith("." + d) for d in domains):
        raise ChannelRefused(
            f"alerts go only to the council's own addresses ({', '.join(domains)}), not {domain}"
        )
    return f"{local}@{domain}"


def check_digest(digest: str | None, alerts: tuple[str, ...]) -> str | None:
    """A known digest frequency; an email subscription needs alerts or a digest."""
    if digest is not None and digest not in DIGESTS:
        raise ChannelRefused(f"unknown digest {digest!r}: choose daily or weekly, or none")
    if digest is None and not alerts:
        raise ChannelRefused("choose at least one alert, or a daily or weekly digest")
    return digest


def digest_due(digest: str, sent_on: date, now: datetime, hour: int) -> bool:
    """Whether the next digest is due: daily, the day after the last from `hour` o'clock;
    weekly, the Monday after the last from `hour` o'clock."""
    if digest == "daily":
        next_on = sent_on + timedelta(days=1)
    else:
        next_on = sent_on + timedelta(days=7 - sent_on.weekday())
    return now.date() > next_on or (now.date() == next_on and now.hour >= hour)


def period_of(digest: str, sent_on: date, today: date) -> str:
    """The digest's period in words, e.g. 'daily digest, 2 June 2026'."""
    if digest == "daily" and today - sent_on <= timedelta(days=1):
        return f"daily digest, {_day(sent_on)}"
    return f"{digest} digest, {_day(sent_on)} to {_day(today - timedelta(days=1))}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
