"""Where a webhook may be sent.

A subscription makes Workflow send requests to a URL a lead chose, from inside the
council's network. So that this cannot be used to reach what only Workflow can reach
(server-side request forgery), a receiver may not be on this machine (loopback), on a
link-local address (where cloud metadata services live) or on another special address —
unless an operator lists its host in WEBHOOK_ALLOWED_HOSTS (local receivers in development
and tests). Private ranges are allowed: the council's own receivers live there. A URL may
not carry credentials either: they would be stored and logged, and the signature already
proves who is calling.

The check runs when a subscription is made (refused with the reason) and again before every
delivery (a name can be pointed somewhere else later); redirects are never followed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class DestinationRefused(Exception):
    """A webhook URL Workflow will not send to, and why (words for the lead)."""


@dataclass(frozen=True, slots=True)
class Destinations:
    """The operator's exceptions: hosts allowed even though they resolve to special addresses."""

    allowed_hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_setting(cls, hosts: str) -> Destinations:
        """From a comma-separated list such as `127.0.0.1,localhost`."""
        return cls(frozenset(host.strip().lower() for host in hosts.split(",") if host.strip()))

    async def check(self, url: str) -> None:
        """Refuse the URL (`DestinationRefused`) unless webhooks may be sent to it."""
        host, port = _host_and_port(url)
        if host in self.allowed_hosts:
            return
        for address in await _addresses(host, port):
            if (what := special_kind(address)) is not None:
                raise DestinationRefused(
                    f"webhook host {host} is {what} address {address}: webhooks go to "
                    "receivers on the network, not to this machine or special addresses"
                )


def special_kind(address: IpAddress) -> str | None:
    """What makes the address out of bounds for a webhook (None: a normal address)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        (address.is_loopback, "a loopback"),
        (address.is_link_local, "a link-local"),
        (address.is_unspecified, "an unspecified"),
        (address.is_multicast, "a multicast"),
        (address.is_reserved, "a reserved"),
    )
    return next((words for found, words in checks if found), None)


def _host_and_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise DestinationRefused(f"a webhook URL must start https:// (or http://), not {url!r}")
    if parts.username is not None or parts.password is not None:
        raise DestinationRefused(
            "a webhook URL must not carry a user name or password: receivers check the "
            "X-OneCouncil-Signature header instead"
        )
    if not parts.hostname:
        raise DestinationRefused(f"the webhook URL {url!r} names no host")
    return parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)


async def _addresses(host: str, port: int) -> list[IpAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass  # a name: resolve it
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise DestinationRefused(f"webhook host {host} could not be resolved: {error}") from None
    # getaddrinfo gives the address text first (an IPv6 one may carry a %scope).
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
