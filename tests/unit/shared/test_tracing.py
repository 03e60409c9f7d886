"""Traces travel beside events, never inside them: the outbox row keeps the recording span's
traceparent, the relay sends it as a header, a consumer continues it; off, nothing is kept."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import Engine, MetaData, select

from shared import tracing
from shared.events.envelope import Actor, Envelope, hash_is_valid
from shared.events.finance import SavingsTargetSet
from shared.persistence.engine import make_engine
from shared.persistence.outbox import EventContext, NewEvent, record_events
from shared.persistence.tables import MessagingTables, messaging_tables
from shared.tracing.consuming import consume_spans
from shared.tracing.publishing import publish_spans
from shared.tracing.requests import install_tracing

CALLER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
CONTEXT = EventContext(
    producer="finance", actor=Actor(id="f1", role="finance_staff"), correlation_id=uuid.uuid4()
)


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with tracing.tracing_to(provider):
        yield exporter


@pytest.fixture
def outbox(tmp_path: Path) -> tuple[Engine, MessagingTables]:
    metadata = MetaData()
    tables = messaging_tables(metadata)
    engine = make_engine(f"sqlite:///{tmp_path}/outbox.db")
    metadata.create_all(engine)
    return engine, tables


def _recorded(outbox: tuple[Engine, MessagingTables], context: EventContext) -> SimpleNamespace:
    engine, tables = outbox
    payload = SavingsTargetSet(team="FIN", financial_year="2026/27", amount=120_000)
    with engine.begin() as connection:
        record_events(connection, tables, context, [NewEvent(payload=payload, aggregate_id="FIN")],
                      datetime.now(UTC))  # fmt: skip
        row = connection.execute(select(tables.outbox)).one()
    return SimpleNamespace(id=row.id, topic=row.topic, traceparent=row.traceparent, body=row.body)


def test_with_tracing_off_an_outbox_row_keeps_no_trace_and_is_sent_without_headers(
    outbox: tuple[Engine, MessagingTables],
) -> None:
    row = _recorded(outbox, CONTEXT)
    assert row.traceparent is None
    with publish_spans("finance", [row]) as headers_of:
        assert headers_of(row) is None


def test_a_row_recorded_inside_a_span_keeps_its_traceparent_beside_an_unchanged_envelope(
    spans: InMemorySpanExporter, outbox: tuple[Engine, MessagingTables]
) -> None:
    tracer = tracing.tracer()
    assert tracer is not None
    with tracer.start_as_current_span("POST /savings-targets") as span:
        row = _recorded(outbox, CONTEXT)
    assert row.traceparent == tracing.traceparent_of(span)
    document = json.loads(row.body)
    assert "traceparent" not in json.dumps(document) and hash_is_valid(document)
    (finished,) = spans.get_finished_spans()
    assert finished.attributes == {tracing.CORRELATION_ID: str(CONTEXT.correlation_id)}


def test_the_relay_sends_a_publish_span_of_the_stored_trace_and_passes_it_on_when_off(
    spans: InMemorySpanExporter,
) -> None:
    row = SimpleNamespace(id=1, topic="hr.posts", traceparent=CALLER)
    with publish_spans("hr", [row]) as headers_of:
        ((name, sent),) = headers_of(row) or []
    (publish,) = spans.get_finished_spans()
    assert (name, publish.name, publish.parent and publish.parent.span_id) == (
        "traceparent", "publish hr.posts", 0xB7AD6B7169203331,
    )  # fmt: skip
    assert sent.decode() == _traceparent(publish)

    with tracing.tracing_to(None), publish_spans("hr", [row]) as headers_of:
        assert headers_of(row) == [("traceparent", CALLER.encode())]


def test_events_recorded_in_reply_continue_the_trace_of_the_event_that_caused_them(
    spans: InMemorySpanExporter, outbox: tuple[Engine, MessagingTables]
) -> None:
    caused_by = uuid.uuid4()
    envelope = Envelope.model_construct(
        event_id=caused_by, event_type="TransferProposed", correlation_id=CONTEXT.correlation_id
    )
    record = SimpleNamespace(topic="hr.posts", partition=0, offset=7,
                             headers=[("traceparent", CALLER.encode())])  # fmt: skip
    untraced = SimpleNamespace(topic="hr.posts", partition=0, offset=8, headers=[])
    other = Envelope.model_construct(event_id=uuid.uuid4(), event_type="TransferProposed",
                                     correlation_id=uuid.uuid4())  # fmt: skip
    with consume_spans("finance.transfers", [(record, envelope), (untraced, other)]):
        row = _recorded(outbox, replace(CONTEXT, causation_id=caused_by))
    (consumed,) = spans.get_finished_spans()  # the event without a trace makes no span
    assert consumed.name == "consume TransferProposed"
    assert consumed.context.trace_id == int(CALLER.split("-")[1], 16)
    assert row.traceparent == _traceparent(consumed)


async def test_requests_continue_the_callers_trace_named_by_route_and_health_checks_make_none(
    spans: InMemorySpanExporter,
) -> None:
    app = FastAPI()

    @app.get("/posts/{post_number}")
    async def post(post_number: str) -> dict[str, str]:
        return {"post_number": post_number}

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    install_tracing(app, "hr")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hr") as client:
        assert (await client.get("/health/ready")).status_code == 200
        answer = await client.get("/posts/10423", headers={"traceparent": CALLER})
        assert answer.status_code == 200
    (request,) = spans.get_finished_spans()
    assert request.name == "GET /posts/{post_number}"  # never the post number
    assert request.context.trace_id == int(CALLER.split("-")[1], 16)
    assert (request.attributes or {})["http.response.status_code"] == 200


def _traceparent(span: ReadableSpan) -> str:
    assert span.context is not None
    return f"00-{span.context.trace_id:032x}-{span.context.span_id:016x}-01"


def test_with_an_otlp_endpoint_configured_spans_are_sent_to_the_collector() -> None:
    received: list[tuple[str, int]] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, len(body)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # In a process of its own: the SDK's provider is global to a process, once.
    script = (
        "from shared import tracing\n"
        f"tracing.configure_tracing('hr', 'http://127.0.0.1:{server.server_port}/')\n"
        "with tracing.tracer().start_as_current_span('POST /posts'): pass\n"
    )
    try:
        subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    finally:
        server.shutdown()
    assert [path for path, size in received if size > 0] == ["/v1/traces"]
