"""Revision 0003, alike in every service: the outbox keeps each event's W3C traceparent
beside its sealed body (shared/tracing). Nullable: rows from before, and rows recorded
while tracing is off, have none."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def upgrade() -> None:
    """Add `outbox.traceparent`."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("traceparent", sa.String(length=55), nullable=True))


def downgrade() -> None:
    """Drop `outbox.traceparent`."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("traceparent")
