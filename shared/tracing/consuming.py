"""A consume span per event that arrived with a `traceparent` header, while its batch is
applied; the events recorded in reply continue that event's trace.

Events that came without one (written before tracing was on, or by a background task
outside any command) make no span: a trace starts at a command, so a bulk replay of the
log does not produce a million one-span traces.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from opentelemetry.trace import Span, SpanKind

from shared import tracing
from shared.events.envelope import Envelope


@contextmanager
def consume_spans(consumer: str, arrivals: Iterable[tuple[Any, Envelope]]) -> Iterator[None]:
    """Spans for these (aiokafka record, envelope) pairs, ended when the batch is settled."""
    tracer = tracing.tracer()
    spans: dict[str, Span] = {}
    for record, envelope in arrivals if tracer is not None else ():
        parent = tracing.context_from(_trace_headers(record))
        if parent is None:
            continue
        spans[str(envelope.event_id)] = tracer.start_span(  # type: ignore[union-attr]
            f"consume {envelope.event_type}",
            context=parent,
            kind=SpanKind.CONSUMER,
            attributes={
                tracing.SERVICE: consumer.split(".", 1)[0],
                tracing.CORRELATION_ID: str(envelope.correlation_id),
                "onecouncil.event_id": str(envelope.event_id),
                "onecouncil.event_type": envelope.event_type,
                "messaging.system": "kafka",
                "messaging.consumer.group.name": consumer,
                "messaging.destination.name": record.topic,
                "messaging.destination.partition.id": str(record.partition),
                "messaging.kafka.offset": record.offset,
            },
        )
    if not spans:
        yield
        return
    traceparents = {
        event_id: tracing.traceparent_of(span) or "" for event_id, span in spans.items()
    }
    with tracing.ending(spans.values()), tracing.continuing(traceparents):
        yield


def _trace_headers(record: Any) -> dict[str, str]:
    return {
        name: value.decode("latin-1")
        for name, value in (getattr(record, "headers", None) or ())
        if name in ("traceparent", "tracestate") and isinstance(value, bytes)
    }
