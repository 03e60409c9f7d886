"""Workflow's outbox keeps each event's traceparent, sent as a Kafka header (docs/operations.md,
"Traces"). Revision ID: 0003, after 0002; alike in every service, so written once in
shared/persistence/revision_0003.py."""

from shared.persistence.revision_0003 import downgrade, upgrade

revision: str = "0003"
down_revision: str | None = "0002"
__all__ = ["downgrade", "upgrade"]
