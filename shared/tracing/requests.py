"""One server span per HTTP request, continuing a caller's `traceparent` when it sends one.

A pure ASGI middleware like the request metrics, so streamed answers pass through. The span
is named by the route template, never the path: a post number or a person's reference
must not become part of a span's name (as in `/metrics`). Health checks and scrapes make
no spans: they would bury the commands among thousands of polls.
"""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry.trace import SpanKind, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import tracing
from shared.metrics.requests import route_of

UNTRACED = ("/health", "/metrics")
_CARRIED = {b"traceparent", b"tracestate", b"x-correlation-id"}


def install_tracing(app: FastAPI, service: str) -> None:
    """Trace the app's requests whenever tracing is on (`tracing.configure_tracing`)."""
    app.add_middleware(TracedRequests, service=service)


class TracedRequests:
    """Starts a span around each request while tracing is on; otherwise only passes it on."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        tracer = tracing.tracer()
        if tracer is None or scope["type"] != "http" or scope["path"].startswith(UNTRACED):
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope["headers"]
            if name in _CARRIED
        }
        method = scope["method"]
        with tracer.start_as_current_span(
            method,
            context=tracing.context_from(headers),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method, tracing.SERVICE: self.service},
        ) as span:
            if "x-correlation-id" in headers:
                span.set_attribute(tracing.CORRELATION_ID, headers["x-correlation-id"])

            async def sending(message: Message) -> None:
                if message["type"] == "http.response.start":
                    span.set_attribute("http.response.status_code", message["status"])
                    if message["status"] >= 500:
                        span.set_status(StatusCode.ERROR)
                await send(message)

            try:
                await self.app(scope, receive, sending)
            finally:
                route = route_of(scope)
                span.update_name(f"{method} {route}")
                span.set_attribute("http.route", route)
