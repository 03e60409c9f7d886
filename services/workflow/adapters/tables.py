"""Workflow's database: the tracker's read model, built only from events."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table

from shared.persistence.tables import messaging_tables

metadata = MetaData()
messaging = messaging_tables(metadata)

journeys = Table(
    "journeys",
    metadata,
    Column("post_number", String(20), primary_key=True),
    Column("stage", String(30), nullable=False),
    Column("department", String(10), nullable=True),
    Column("function", String(10), nullable=True),
    Column("transfer_id", String(40), nullable=True),
    Column("target_team", String(10), nullable=True),
    # The HR stream sequence the stage came from: an older event never overwrites a newer.
    Column("hr_sequence", Integer, nullable=False, default=0),
)
