"""HTTP requests counted by route template (never a post number) and status, with latency.

A pure ASGI middleware, so streamed answers (Workflow's Server-Sent Events) pass through
untouched; latency is measured to the first byte of the answer, which is what a caller waits
for, not how long a stream stays open.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass(frozen=True)
class HttpMetrics:
    """The request counter and latency histogram of one app's registry."""

    requests: Counter
    latency: Histogram

    @classmethod
    def on(cls, registry: CollectorRegistry) -> HttpMetrics:
        return cls(
            requests=Counter(
                "onecouncil_http_requests",
                "HTTP requests answered, by route template and status.",
                ["service", "method", "route", "status"],
                registry=registry,
            ),
            latency=Histogram(
                "onecouncil_http_request_duration_seconds",
                "Time from a request's arrival to its answer's first byte, by route template.",
                ["service", "method", "route"],
                buckets=LATENCY_BUCKETS,
                registry=registry,
            ),
        )


class RequestMetrics:
    """Counts every HTTP request and times it to its answer's first byte."""

    def __init__(self, app: ASGIApp, service: str, metrics: HttpMetrics) -> None:
        self.app = app
        self.service = service
        self.requests = metrics.requests
        self.latency = metrics.latency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answer: dict[str, Any] = {"status": 500, "timed": False}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                self._time(scope, started, answer)
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self._time(scope, started, answer)  # an error answered outside: still timed
            route = route_of(scope)
            self.requests.labels(self.service, scope["method"], route, str(answer["status"])).inc()

    def _time(self, scope: Scope, started: float, answer: dict[str, Any]) -> None:
        if not answer["timed"]:
            answer["timed"] = True
            elapsed = time.perf_counter() - started
            self.latency.labels(self.service, scope["method"], route_of(scope)).observe(elapsed)


def route_of(scope: Scope) -> str:
    # The router puts the matched route in the scope; a path that matched none is one label.
    return str(getattr(scope.get("route"), "path", "unmatched"))
