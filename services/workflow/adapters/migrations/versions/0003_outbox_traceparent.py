"""The outbox keeps each event's traceparent, sent as a Kafka header (docs/operations.md,
"Traces"); made by shared/persistence/revision_0003.py, alike in every service.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from shared.persistence.revision_0003 import add_outbox_traceparent, drop_outbox_traceparent

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    add_outbox_traceparent()


def downgrade() -> None:
    drop_outbox_traceparent()
