"""Workflow's composition root: settings, runtime, consumers, background tasks, API."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI
from pydantic import Field

from services.operations import api as operations
from services.workflow.adapters.migrations import SCRIPTS
from services.workflow.adapters.tables import messaging, metadata
from services.workflow.application.demo import seed_demo_pipeline
from services.workflow.application.demo_waves import seed_demo_waves
from services.workflow.domain import errors, waves
from services.workflow.domain.benefit_rules import BenefitConflict, BenefitRefused
from services.workflow.domain.benefits import WorkingTime
from services.workflow.domain.stalls import StallLimits
from services.workflow.entrypoints import (
    api_benefits,
    api_consultations,
    api_posts,
    api_programme,
    api_progress,
    api_redesign,
    api_reviews,
    api_savings,
    api_thread,
    consumers,
    rebuild_api,
)
from services.workflow.entrypoints.dependencies import WorkflowContext
from services.workflow.entrypoints.rebuild import CatchUp
from services.workflow.projections.stall_watch import StallWatch
from services.workflow.projections.wave_watch import publish_slips
from services.workflow.subscriptions.settings import SubscriptionSettings
from services.workflow.subscriptions.wiring import install_subscriptions
from shared.http import health_router, map_errors
from shared.metrics.endpoint import install_metrics
from shared.request_guards import guard_requests
from shared.runtime import ServiceRuntime
from shared.tracing.requests import install_tracing

Clock = Callable[[], datetime]


class WorkflowSettings(SubscriptionSettings):
    """Workflow's own settings, on top of the shared ones and the feed's."""

    stall_proposed_days: int = Field(60, ge=1, description="Days 'proposed' before stalled.")
    stall_consultation_days: int = Field(30, ge=1, description="Days in consultation allowed.")
    stall_approved_overdue_days: int = Field(
        7, ge=0, description="Days past the effective date an approved transfer may wait."
    )
    stall_check_interval_s: float = Field(300, gt=0, description="How often stalls are checked.")
    working_days_per_year: float = Field(220, gt=0, description="Working days in an FTE year.")
    working_hours_per_day: float = Field(7.4, gt=0, description="Hours in a working day.")
    consumer_generation: str = Field(
        "", description="Appended to consumer group ids; a new value rebuilds from the log."
    )


def create_app(settings: WorkflowSettings | None = None, clock: Clock | None = None) -> FastAPI:
    """Build the Workflow service's ASGI app; `clock` is injectable for tests."""
    settings = settings or WorkflowSettings()
    now = clock or (lambda: datetime.now(UTC))
    runtime = ServiceRuntime("workflow", settings, metadata, messaging, migrations=SCRIPTS)
    catch_up = CatchUp(runtime, now)  # nothing of Workflow's own is published before it
    consumers.subscribe(runtime, settings.consumer_generation, now, catch_up)
    runtime.add_background(lambda: consumers.catch_up_with_log(catch_up))
    limits = StallLimits(
        settings.stall_proposed_days,
        settings.stall_consultation_days,
        settings.stall_approved_overdue_days,
    )
    watch = StallWatch(
        runtime.engine,
        limits,
        settings.topic_prefix,
        settings.stall_check_interval_s,
        now,
        runtime.relay.notify,
        catch_up.milestones_open.wait,
        also=(publish_slips,),
    )
    runtime.add_background(watch.run)
    if settings.demo_support_posts > 0:
        runtime.add_background(lambda: _seed_demo(runtime, settings, now, catch_up))
    app = FastAPI(title="One Council — Workflow", lifespan=runtime.lifespan)
    guard_requests(app, settings.max_request_mib * 1024 * 1024)
    app.state.workflow = WorkflowContext(
        clock=now,
        working_time=WorkingTime(settings.working_days_per_year, settings.working_hours_per_day),
        topic_prefix=settings.topic_prefix,
    )
    app.state.runtime = runtime  # the lifespan sets it too; tools read the broker before start
    app.state.stall_watch = watch
    app.state.catch_up = catch_up
    app.include_router(health_router())
    install_metrics(app, runtime)  # GET /metrics, and every request counted
    install_tracing(app, runtime.name)  # spans per request while tracing is on
    operations.install_operations(app)  # dead letters: list, redrive, discard
    for module in (
        api_posts,
        api_progress,
        api_redesign,
        api_savings,
        api_consultations,
        api_programme,
    ):
        app.include_router(module.router)
    app.include_router(api_reviews.router)
    app.include_router(api_benefits.router)
    app.include_router(api_thread.router)
    app.include_router(rebuild_api.router)
    rebuild_api.refuse_own_writes_until_guard_ready(app, catch_up)
    install_subscriptions(app, runtime, settings, now)
    map_errors(
        app,
        {
            errors.ProcessNotFound: 404,
            errors.CandidateNotFound: 404,
            errors.NotWorkflowsToChange: 409,
            errors.CandidateStepNotAllowed: 409,
            BenefitConflict: 409,
            BenefitRefused: 422,
            errors.AlreadyRegistered: 409,
            waves.WaveNotFound: 404,
            waves.WaveAlreadyPlanned: 409,
            waves.WaveRefused: 422,
        },
    )
    return app


async def _seed_demo(
    runtime: ServiceRuntime, settings: WorkflowSettings, clock: Clock, catch_up: CatchUp
) -> None:
    await catch_up.pipeline_ready.wait()  # the log's processes first: a rebuild seeds nothing
    await asyncio.to_thread(
        seed_demo_pipeline, runtime.engine, settings.demo_seed, settings.topic_prefix, clock()
    )
    await asyncio.to_thread(
        seed_demo_waves, runtime.engine, settings.topic_prefix, clock(), settings.demo_seed,
        settings.demo_support_posts,
    )  # fmt: skip
    runtime.relay.notify()
