"""Email subscriptions: channel, address, alerts and digests; parked digests' period.

Subscriptions that had a webhook get the channel "webhook".

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 17:04:53.131105
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("email_address", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("alerts", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("digest", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("digest_up_to", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("digest_sent_on", sa.String(length=10), nullable=True))

    with op.batch_alter_table("webhook_parked", schema=None) as batch_op:
        batch_op.add_column(sa.Column("covers_after", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("period", sa.String(length=60), nullable=True))
    op.execute("UPDATE subscriptions SET channel = 'webhook' WHERE webhook_url IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("webhook_parked", schema=None) as batch_op:
        batch_op.drop_column("period")
        batch_op.drop_column("covers_after")

    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_column("digest_sent_on")
        batch_op.drop_column("digest_up_to")
        batch_op.drop_column("digest")
        batch_op.drop_column("alerts")
        batch_op.drop_column("email_address")
        batch_op.drop_column("channel")
