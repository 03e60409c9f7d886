"""`GET /metrics` for one service: its own registry (never the process-wide one, so two apps
in one test process do not collide), its HTTP middleware, and readings taken per scrape.

A service may add gauges read from its own tables (HR: bulk runs in progress) as
`TableGauge`s. No metric carries a post number, a person or an amount: labels are routes,
groups, topics and partitions only, so `/metrics` needs no token (restrict it at the proxy).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Connection

from shared.metrics import readings
from shared.metrics.requests import LATENCY_BUCKETS, HttpMetrics, RequestMetrics
from shared.persistence.engine import run_read
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)

LAG_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class TableGauge:
    """A service's own gauge: its name, its help text, and how to read it in one query."""

    name: str
    help: str
    read: Callable[[Connection], float]


class ServiceMetrics(Collector):
    """The metrics of one service app; the per-scrape families are read in `scrape`."""

    def __init__(self, runtime: ServiceRuntime, gauges: Sequence[TableGauge]) -> None:
        self.runtime = runtime
        self.gauges = gauges
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(self)
        self._latest: list[Metric] = []
        self._scraping = asyncio.Lock()
        publish = Histogram(
            "onecouncil_relay_publish_seconds",
            "Time for Kafka to acknowledge one batch of outbox events.",
            ["service"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        ).labels(runtime.name)
        runtime.relay.on_batch = lambda _rows, seconds: publish.observe(seconds)

    def collect(self) -> Iterator[Metric]:
        yield from self._latest

    async def scrape(self) -> bytes:
        """Read every per-scrape family now and render the whole registry."""
        async with self._scraping:
            name, runtime = self.runtime.name, self.runtime
            families = readings.consumer_counts(name, runtime.engine)
            try:
                lag = readings.consumer_lag(name, runtime.broker.subscribers)
                families += await asyncio.wait_for(lag, LAG_TIMEOUT_S)
            except Exception as error:  # Kafka away: the rest still reports
                log.warning("metrics.lag_unread", error=str(error))
            families += await run_read(runtime.engine, self._from_tables)
            self._latest = families
            return generate_latest(self.registry)

    def _from_tables(self, connection: Connection) -> list[Metric]:
        name = self.runtime.name
        families = readings.table_counts(name, connection, self.runtime.tables)
        for gauge in self.gauges:
            family = GaugeMetricFamily(gauge.name, gauge.help, labels=["service"])
            family.add_metric([name], gauge.read(connection))
            families.append(family)
        return families


def install_metrics(
    app: FastAPI, runtime: ServiceRuntime, gauges: Sequence[TableGauge] = ()
) -> None:
    """Count the app's requests and answer `GET /metrics` in Prometheus's text format."""
    disable_created_metrics()  # type: ignore[no-untyped-call]  # `_created`: read by nobody
    metrics = ServiceMetrics(runtime, gauges)
    app.state.metrics = metrics
    http = HttpMetrics.on(metrics.registry)  # declared now, though no request came yet
    app.add_middleware(RequestMetrics, service=runtime.name, metrics=http)

    @app.get("/metrics", include_in_schema=False)
    async def scrape(_request: Request) -> Response:
        return Response(await metrics.scrape(), media_type=CONTENT_TYPE_LATEST)
