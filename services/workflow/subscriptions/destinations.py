"""Where a webhook may be sent.

A subscription makes Workflow send requests to a URL a lead chose, from inside the
council's network. So that this cannot be used to reach what only Workflow can reach
(server-side request forgery):
- cloud metadata services are never a receiver, whatever an operator lists;
- outside local mode a receiver must be on the operator's list, `WEBHOOK_RECEIVERS` (host
  names and CIDR ranges, e.g. the council's own receivers on 10.20.0.0/16);
- in local mode, with no list, any public address will do, and `WEBHOOK_ALLOWED_HOSTS`
  names the hosts on this machine a developer's receivers run on;
- a URL may not carry credentials: they would be stored and logged, and the signature
  already proves who is calling.

The check runs when a subscription is made (refused with the reason) and again before every
delivery, and it **pins** the address: the request goes to the address that was checked,
never to a second resolution of the name (DNS rebinding). Redirects are never followed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Metadata services of the clouds a council's platform may run on (AWS, Azure, GCP, Oracle
# and others on link-local; Azure's wire server; AWS's IPv6 endpoint; Alibaba's).
METADATA = tuple(
    ipaddress.ip_network(net)
    for net in ("169.254.0.0/16", "168.63.129.16/32", "fd00:ec2::254/128", "100.100.100.200/32")
)


class DestinationRefused(Exception):
    """A webhook URL Workflow will not send to, and why (words for the lead)."""


@dataclass(frozen=True, slots=True)
class Pinned:
    """A checked receiver: the address to connect to, and the name to ask for there."""

    url: str
    host: str
    address: IpAddress

    def request_url(self) -> str:
        """The URL with its host replaced by the checked address."""
        parts = urlsplit(self.url)
        shown = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        netloc = f"{shown}:{parts.port}" if parts.port else shown
        return parts._replace(netloc=netloc).geturl()

    def host_header(self) -> str:
        port = urlsplit(self.url).port
        return f"{self.host}:{port}" if port else self.host


@dataclass(frozen=True, slots=True, kw_only=True)
class Destinations:
    """The operator's rules: listed receivers (hosts, networks) and local exceptions."""

    receivers: frozenset[str] = field(default_factory=frozenset)
    networks: tuple[IpNetwork, ...] = ()
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    listed_only: bool = False
    listed_in: str = "WEBHOOK_RECEIVERS"  # the setting an operator lists receivers in

    @classmethod
    def from_settings(
        cls, receivers: str, allowed_hosts: str, local: bool, listed_in: str = "WEBHOOK_RECEIVERS"
    ) -> Destinations:
        """From comma-separated settings such as `hooks.council.example,10.20.0.0/16`."""
        names, networks = set(), []
        for entry in _entries(receivers):
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry)
        # Once an operator lists receivers, only they are (in local mode too).
        listed_only = not local or bool(names or networks)
        return cls(
            receivers=frozenset(names),
            networks=tuple(networks),
            allowed_hosts=frozenset(_entries(allowed_hosts)),
            listed_only=listed_only,
            listed_in=listed_in,
        )

    async def check(self, url: str) -> Pinned:
        """The pinned receiver, or `DestinationRefused` unless webhooks may go to the URL."""
        host, port = _host_and_port(url)
        named = host in self.receivers or host in self.allowed_hosts
        if self.listed_only and not self.networks and not named:
            raise DestinationRefused(self._unlisted(host))  # no need to look the name up
        addresses = await _addresses(host, port)
        refusals = [self._refusal(host, address) for address in addresses]
        for address, refusal in zip(addresses, refusals, strict=True):
            if refusal is None:
                return Pinned(url=url, host=host, address=address)
        raise DestinationRefused(refusals[0])

    def _refusal(self, host: str, address: IpAddress) -> str | None:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in net for net in METADATA):
            return f"webhook host {host} is a cloud metadata address ({address})"
        if host in self.allowed_hosts or host in self.receivers:
            return None
        if any(address.version == net.version and address in net for net in self.networks):
            return None
        if self.listed_only:
            return self._unlisted(host)
        if (what := special_kind(address)) is not None:
            return (
                f"webhook host {host} is {what} address {address}: webhooks go to "
                "receivers on the network, not to this machine or special addresses"
            )
        return None

    def _unlisted(self, host: str) -> str:
        return (
            f"webhook host {host} is not one of this council's webhook receivers: an "
            f"operator lists receivers in {self.listed_in}"
        )


def special_kind(address: IpAddress) -> str | None:
    """What makes the address out of bounds for an unlisted webhook (None: a public one)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        (address.is_loopback, "a loopback"),
        (address.is_link_local, "a link-local"),
        (address.is_unspecified, "an unspecified"),
        (address.is_multicast, "a multicast"),
        (address.is_reserved, "a reserved"),
        (address.is_private or not address.is_global, "a private"),
    )
    return next((words for found, words in checks if found), None)


def _entries(setting: str) -> list[str]:
    return [entry.strip().lower() for entry in setting.split(",") if entry.strip()]


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
