"""One trace across the services, on the real broker: HR staff propose a transfer over HTTP,
HR's relay publishes it, Finance checks the budget, HR records the verdict and Workflow
tracks both; every span shares the HTTP request's trace and names its correlation id."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanContext

from shared.tracing import CORRELATION_ID, SERVICE, tracing_to
from tests.integration.finance.conftest import RunningFinance
from tests.integration.workflow.conftest import RunningWorkflow
from tests.integration.workflow.three_services import HR_STAFF, call, finance, hr
from tests.support.posts import a_post
from tests.support.waiting import eventually_async

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]
__all__ = ["finance", "hr"]  # the fixtures this module's tests use

# Each service's part of the transfer's trace: (service, span name).
EXPECTED = {
    ("hr", "POST /posts/{post_number}/transfer"),
    ("hr", "publish {prefix}hr.posts"),
    ("finance", "consume TransferProposed"),
    ("finance", "publish {prefix}finance.budgets"),
    ("hr", "consume BudgetCheckFailed"),
    ("workflow", "consume TransferProposed"),
    ("workflow", "consume BudgetCheckFailed"),
}


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Tracing on, to an in-memory exporter, for this test's services."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with tracing_to(provider):
        yield exporter
    provider.shutdown()


async def test_a_transfer_proposed_over_http_is_one_trace_through_finance_hr_and_workflow(
    spans: InMemorySpanExporter,
    workflow: RunningWorkflow,
    hr: httpx.AsyncClient,
    finance: RunningFinance,
) -> None:
    post = str(600_000 + uuid.uuid4().int % 99_000)
    await call(hr, "/posts", a_post(post), HR_STAFF, 201)
    correlation_id = str(uuid.uuid4())
    proposal = {"target_team": "FIN", "effective_date": "2027-04-01", "reason": "Centralise"}
    headers = {**HR_STAFF, "X-Correlation-ID": correlation_id}
    await call(hr, f"/posts/{post}/transfer", proposal, headers, 201)

    expected = {(service, name.replace("{prefix}", workflow.prefix)) for service, name in EXPECTED}

    async def of_the_proposal() -> list[ReadableSpan]:
        finished = spans.get_finished_spans()
        requests = [s for s in finished if _attribute(s, CORRELATION_ID) == correlation_id
                    and s.name.startswith("POST ")]  # fmt: skip
        if not requests:
            return []
        trace_id = _context(requests[0]).trace_id
        return [s for s in finished if _context(s).trace_id == trace_id]

    trace = await eventually_async(
        of_the_proposal,
        lambda found: expected <= {(_attribute(s, SERVICE), s.name) for s in found},
        what="the spans of the transfer proposal in HR, Finance, HR again and Workflow",
    )
    consumed = [s for s in trace if s.name.startswith("consume ")]
    assert {_attribute(s, CORRELATION_ID) for s in consumed} == {correlation_id}
    request = next(s for s in trace if s.name.startswith("POST "))
    assert request.parent is None  # the trace starts at the command
    by_id = {_context(s).span_id: s for s in trace}
    finance_check = next(s for s in trace if s.name == "consume TransferProposed"
                         and _attribute(s, SERVICE) == "finance")  # fmt: skip
    assert _chain(finance_check, by_id) == ["finance", "hr", "hr"]
    verdict = next(s for s in trace if s.name == "consume BudgetCheckFailed"
                   and _attribute(s, SERVICE) == "hr")  # fmt: skip
    assert _chain(verdict, by_id) == ["hr", "finance", "finance", "hr", "hr"]


def _attribute(span: ReadableSpan, name: str) -> object:
    return (span.attributes or {}).get(name)


def _context(span: ReadableSpan) -> SpanContext:
    assert span.context is not None
    return span.context


def _chain(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> Sequence[object]:
    """The services of a span and each of its parents back to the HTTP request."""
    services = [_attribute(span, SERVICE)]
    while span.parent is not None:
        span = by_id[span.parent.span_id]
        services.append(_attribute(span, SERVICE))
    return services
