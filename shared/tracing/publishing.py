"""The relay's side of a trace: a publish span per outbox row that kept a traceparent, from
the moment the row is handed to Kafka to its acknowledgement, and the W3C headers sent.

With tracing off a row's stored traceparent is still sent as it is (a row recorded before a
restart keeps its trace), and a row without one is sent with no headers at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from opentelemetry.trace import Span, SpanKind

from shared import tracing

Headers = list[tuple[str, bytes]] | None


@contextmanager
def publish_spans(service: str, rows: Sequence[Any]) -> Iterator[Callable[[Any], Headers]]:
    """Yield `headers_of(row)` for this batch; its spans end when the batch is acknowledged."""
    tracer = tracing.tracer()
    spans: dict[int, Span] = {}

    def headers_of(row: Any) -> Headers:
        if row.traceparent is None:
            return None
        parent = tracing.context_from({tracing.TRACEPARENT: row.traceparent})
        if tracer is None or parent is None:
            return [(tracing.TRACEPARENT, row.traceparent.encode())]
        span = tracer.start_span(
            f"publish {row.topic}",
            context=parent,
            kind=SpanKind.PRODUCER,
            attributes={
                tracing.SERVICE: service,
                "messaging.system": "kafka",
                "messaging.destination.name": row.topic,
                "messaging.operation.type": "send",
            },
        )
        spans[row.id] = span
        return [(tracing.TRACEPARENT, (tracing.traceparent_of(span) or row.traceparent).encode())]

    with tracing.ending(spans.values()):
        yield headers_of
