"""HR's composition root: settings, runtime, API, consumers, scheduler. Nothing clever."""

from __future__ import annotations

import asyncio
from datetime import date

import structlog
from fastapi import FastAPI
from pydantic import Field, SecretStr

from services.hr.adapters.clock import Clock
from services.hr.adapters.migrations import SCRIPTS
from services.hr.adapters.personal_keys import MasterKey
from services.hr.adapters.tables import messaging, metadata
from services.hr.adapters.unit_of_work import ConnectionPerThread, SqlUnitOfWork
from services.hr.application.demo import seed_demo
from services.hr.application.demo_moves import approve_early_moves
from services.hr.domain import errors
from services.hr.domain.consultation_clock import DEFAULT_MINIMUM_DAYS
from services.hr.domain.retention import BULK_VALUES_DAYS, RetentionSchedule
from services.hr.entrypoints import (
    api,
    bulk_api,
    consumers,
    corrections_api,
    endings_api,
    exercises_api,
    exports_api,
    personal_data_api,
    redesign_api,
    reporting_api,
    scope_api,
    transfers_api,
)
from services.hr.entrypoints.bulk_heartbeat import bulk_heartbeat
from services.hr.entrypoints.bulk_metrics import BULK_RUNS_IN_PROGRESS
from services.hr.entrypoints.context import SYSTEM, Hr
from services.hr.entrypoints.posts_csv import CsvUnreadable
from services.hr.entrypoints.scheduler import make_due_transfers_effective, scheduler
from services.operations import api as operations
from shared.approval_policy import (
    DEFAULT_BULK_SENIOR_ABOVE,
    DEFAULT_SENIOR_ABOVE,
    ApprovalPolicy,
)
from shared.config import ServiceSettings
from shared.events.envelope import Actor
from shared.http import health_router, map_errors
from shared.metrics.endpoint import install_metrics
from shared.production import DEVELOPMENT_PERSONAL_DATA_KEY, weak_secret
from shared.redesign.publishing import RedesignNotAllowed, RedesignNotFound
from shared.request_guards import guard_requests
from shared.runtime import BackgroundTask, ServiceRuntime
from shared.tracing.requests import install_tracing

log = structlog.get_logger(__name__)


class HrSettings(ServiceSettings):
    """The shared settings plus HR's own."""

    scheduler_interval_s: float = Field(
        60.0, gt=0, description="How often due approved transfers are made effective."
    )
    bulk_workers: int = Field(
        4, ge=1, le=32, description="Rows of a bulk run done side by side (one transaction each)."
    )
    bulk_heartbeat_s: float = Field(
        5.0,
        gt=0,
        description="How often this process marks its bulk runs alive; a run whose process "
        "has been silent for six times that is marked interrupted, to be resumed.",
    )
    consultation_minimum_days: int = Field(
        DEFAULT_MINIMUM_DAYS,
        ge=0,
        le=365,
        description="The council's minimum consultation period in calendar days (local "
        "policy); the statutory collective rule may require longer.",
    )
    approval_separation_of_duties: bool = Field(
        True,
        description="The officer who proposed a transfer may not approve it (on by default, "
        "in local mode too: the demo has an HR officer and an HR manager).",
    )
    approval_senior_above: int = Field(
        DEFAULT_SENIOR_ABOVE,
        ge=0,
        description="A post costing more than this a year (£) is approved by an HR manager "
        "(hr_manager) only; 0: no limit.",
    )
    approval_bulk_senior_above: int = Field(
        DEFAULT_BULK_SENIOR_ABOVE,
        ge=0,
        description="A bulk approval whose posts cost more than this a year together (£) is "
        "run by an HR manager only; 0: no limit.",
    )
    clock_today: date | None = Field(
        None, description="Fix HR's 'today' (tests and demos); empty means the real date."
    )
    retention_leaver_days: int = Field(
        RetentionSchedule().leaver_days,
        ge=1,
        description="Days a leaver's personal data is kept after HR first saw them hold no "
        "post; then it is erased (docs/personal-data.md).",
    )
    retention_bulk_values_days: int = Field(
        BULK_VALUES_DAYS, ge=1, description="Days a finished bulk run keeps its typed values."
    )
    personal_data_master_key: SecretStr = Field(
        SecretStr(DEVELOPMENT_PERSONAL_DATA_KEY),
        description="Secret that seals each employee's data key (at least 32 random "
        "characters; the development default is refused outside local mode). Losing it "
        "makes every sealed field on the log unreadable.",
    )

    def production_refusals(self) -> list[str]:
        return [
            *super().production_refusals(),
            *weak_secret(
                "PERSONAL_DATA_MASTER_KEY",
                self.personal_data_master_key,
                DEVELOPMENT_PERSONAL_DATA_KEY,
            ),
        ]


def create_app(settings: HrSettings | None = None) -> FastAPI:
    """Build the HR service's ASGI app; it connects to Kafka when it starts."""
    settings = settings or HrSettings()
    runtime = ServiceRuntime("hr", settings, metadata, messaging, migrations=SCRIPTS)
    hr = Hr(
        runtime=runtime,
        clock=Clock(settings.clock_today),
        master_key=MasterKey(settings.personal_data_master_key.get_secret_value()),
        retention=RetentionSchedule(
            leaver_days=settings.retention_leaver_days,
            bulk_values_days=settings.retention_bulk_values_days,
        ),
        scheduler_interval_s=settings.scheduler_interval_s,
        bulk_workers=settings.bulk_workers,
        bulk_heartbeat_s=settings.bulk_heartbeat_s,
        consultation_minimum_days=settings.consultation_minimum_days,
        approval_policy=ApprovalPolicy(
            separation_of_duties=settings.approval_separation_of_duties,
            senior_above=settings.approval_senior_above or None,
            bulk_senior_above=settings.approval_bulk_senior_above or None,
        ),
    )
    consumers.subscribe(runtime)
    runtime.add_background(scheduler(hr))
    runtime.add_background(bulk_heartbeat(hr))
    if settings.demo_support_posts > 0:
        runtime.add_background(_demo_seeder(hr, settings))
    app = FastAPI(title="One Council — HR", lifespan=runtime.lifespan)
    guard_requests(app, settings.max_request_mib * 1024 * 1024)
    app.state.runtime = runtime  # read by health checks and the AsyncAPI generator
    app.state.hr = hr
    app.include_router(health_router())
    install_metrics(app, runtime, (BULK_RUNS_IN_PROGRESS,))  # GET /metrics; requests counted
    install_tracing(app, runtime.name)  # spans per request while tracing is on
    operations.install_operations(app)  # dead letters: list, redrive, discard
    routers = (
        api,
        transfers_api,
        bulk_api,
        exercises_api,
        scope_api,
        reporting_api,
        corrections_api,
        exports_api,
    )
    for module in (*routers, redesign_api, endings_api, personal_data_api):
        app.include_router(module.router)
    map_errors(
        app,
        {
            CsvUnreadable: 422,
            errors.PostNotFound: 404,
            errors.TeamNotFound: 404,
            errors.EventNotFound: 404,
            errors.BulkRunNotFound: 404,
            errors.ExerciseNotFound: 404,
            errors.NotTheirDepartment: 403,
            errors.ApprovalNotAllowed: 403,
            errors.ConsultationNotAllowed: 409,
            errors.ScopeNotAllowed: 409,
            errors.TransferNotAllowed: 409,
            errors.PostAlreadyRegistered: 409,
            errors.PostChangeNotAllowed: 409,
            errors.ReportingLineNotAllowed: 409,
            errors.CorrectionNotAllowed: 409,
            errors.PostEndingNotAllowed: 409,
            errors.EmployeeNotKnown: 404,
            errors.ErasureNotAllowed: 409,
            errors.IdempotencyKeyReused: 409,
            RedesignNotFound: 404,
            RedesignNotAllowed: 409,
        },
    )
    return app


async def _approve_early_moves(hr: Hr, settings: HrSettings) -> None:
    """Approve the demo's early moves as Finance's budget checks come back (within seconds
    when Finance is up; until then it looks again, less often), then make them effective."""
    # Approved by an HR officer, as every approval must be (the audit's control checks it).
    context = hr.event_context(Actor(id="hr-officer-demo", role="hr_staff"))
    pause = 0.5
    engine, master_key = hr.runtime.engine, hr.master_key
    while await asyncio.to_thread(
        approve_early_moves, lambda: SqlUnitOfWork(engine, context, master_key=master_key),
        settings.demo_seed, settings.demo_support_posts, hr.clock.today(),
    ):  # fmt: skip
        hr.runtime.relay.notify()
        await asyncio.sleep(pause)
        pause = min(pause * 1.5, 10.0)
    hr.runtime.relay.notify()
    await make_due_transfers_effective(hr, SYSTEM)  # now, not at the scheduler's next tick


def _demo_seeder(hr: Hr, settings: HrSettings) -> BackgroundTask:
    """A one-off background task: seed the demo establishment into an empty register, or
    finish seeding it if HR stopped halfway."""

    async def seed() -> None:
        engine = hr.runtime.engine

        def work() -> int:
            context = hr.event_context(Actor(id="demo-seed", role="system"))
            with ConnectionPerThread(engine, hr.master_key) as connections:
                return seed_demo(
                    lambda: SqlUnitOfWork(engine, context, master_key=hr.master_key),
                    settings.demo_seed,
                    settings.demo_support_posts,
                    hr.clock.today(),
                    lambda: connections.chunk(context),
                )

        registered = await asyncio.to_thread(work)
        hr.runtime.relay.notify()
        if registered:
            log.info("demo.seeded", posts=registered)
        await _approve_early_moves(hr, settings)

    return seed
