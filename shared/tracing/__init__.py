"""Traces across the services: one OpenTelemetry trace from an HTTP command through the
outbox, Kafka and every consumer that reacts (docs/operations.md, "Traces").

Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set: then no provider exists, every helper
returns at its first line and nothing is stored or sent. On, the trace context travels
beside each event, never inside it: the outbox row keeps the W3C `traceparent` of the span
that recorded it, the relay sends it as a Kafka message header, and consumers continue the
trace from that header. The sealed envelope, its hash chain and the event contracts are
untouched.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TRACEPARENT = "traceparent"
CORRELATION_ID = "onecouncil.correlation_id"
SERVICE = "onecouncil.service"

_W3C = TraceContextTextMapPropagator()
# The provider spans go to: set by `configure_tracing` in a service process, or by a test
# around its own services; None means tracing is off.
_provider: trace.TracerProvider | None = None
# While a consumer applies a batch: the traceparent of each event's consume span, by event
# id, so the events it records in reply continue the trace of the event that caused them.
_consumed: ContextVar[Mapping[str, str] | None] = ContextVar(
    "onecouncil_consumed_traces", default=None
)


def configure_tracing(service: str, otlp_endpoint: str) -> None:
    """Send this process's spans to the OTLP collector at `otlp_endpoint`; nothing when empty.

    The SDK and exporter are imported only then, so a service without a collector loads
    nothing of them."""
    global _provider
    if not otlp_endpoint or _provider is not None:
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": f"onecouncil-{service}"}))
    exporter = OTLPSpanExporter(endpoint=otlp_endpoint.rstrip("/") + "/v1/traces")
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)  # so libraries' own spans join the same traces
    _provider = provider


@contextmanager
def tracing_to(provider: trace.TracerProvider | None) -> Iterator[None]:
    """Send spans to `provider` while inside (tests: an SDK provider with an in-memory
    exporter; None: off), then back as it was."""
    global _provider
    previous, _provider = _provider, provider
    try:
        yield
    finally:
        _provider = previous


def tracer() -> trace.Tracer | None:
    """The tracer to start spans with, or None while tracing is off."""
    return None if _provider is None else _provider.get_tracer("onecouncil")


def context_from(headers: Mapping[str, str]) -> Context | None:
    """The trace context a caller or producer sent (`traceparent`), or None for a new trace."""
    if TRACEPARENT not in headers:
        return None
    return _W3C.extract(headers)


def traceparent_of(span: trace.Span) -> str | None:
    """The W3C `traceparent` naming `span`, or None for no span."""
    carrier: dict[str, str] = {}
    _W3C.inject(carrier, trace.set_span_in_context(span))
    return carrier.get(TRACEPARENT)


def traceparent_for_outbox(correlation_id: uuid.UUID, causation_id: uuid.UUID | None) -> str | None:
    """The traceparent an outbox row keeps: the consume span of the event that caused it, else
    the current span (an HTTP command's); None while tracing is off or outside any span."""
    if _provider is None:
        return None
    consumed = _consumed.get()
    if causation_id is not None and consumed and (found := consumed.get(str(causation_id))):
        return found
    span = trace.get_current_span()
    if not span.get_span_context().is_valid:
        return None
    span.set_attribute(CORRELATION_ID, str(correlation_id))
    return traceparent_of(span)


@contextmanager
def continuing(traceparents: Mapping[str, str]) -> Iterator[None]:
    """Inside: events recorded in reply to these event ids continue their traces."""
    token = _consumed.set(traceparents)
    try:
        yield
    finally:
        _consumed.reset(token)


@contextmanager
def ending(spans: Collection[Span]) -> Iterator[None]:
    """End these spans on leaving; each marked failed with the error that left, if one did."""
    try:
        yield
    except BaseException as error:
        for span in spans:
            span.record_exception(error)
            span.set_status(StatusCode.ERROR)
        raise
    finally:
        for span in spans:
            span.end()
