"""Run the replay over in-memory records, as the CLI does over Kafka."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from services.audit.adapters import fast_json
from services.audit.application.replay import Replay, ReplayOptions
from services.audit.domain.controls import AuditPolicy
from services.audit.domain.report import AuditReport
from services.audit.domain.scope import Scope
from shared.approval_policy import ApprovalPolicy
from shared.events.consultation_rules import DEFAULT_MINIMUM_DAYS
from shared.events.envelope import hash_is_valid
from tests.unit.audit.scenario import FakeRecord, Message, records


def replay_records(
    found: Sequence[FakeRecord],
    as_of: date | None = None,
    history_complete: bool = True,
    scope: Scope | None = None,
    policy_days: int = DEFAULT_MINIMUM_DAYS,
    read_at: datetime | None = None,
    as_known_on: date | None = None,
    approvals: ApprovalPolicy | None = None,
) -> AuditReport:
    policy = AuditPolicy(consultation_minimum_days=policy_days, read_at=read_at)
    options = ReplayOptions(
        as_of=as_of,
        as_known_on=as_known_on,
        history_complete=history_complete,
        scope=scope or Scope(),
        policy=replace(policy, approvals=approvals) if approvals else policy,
    )
    replay = Replay(options, fast_json.decode, hash_is_valid)
    replay.take(found)
    return replay.finish()


def replay_messages(messages: list[Message], **options: object) -> AuditReport:
    return replay_records(records(messages), **options)  # type: ignore[arg-type]


def rules(report: AuditReport) -> list[str]:
    return [finding.rule for finding in report.findings]
