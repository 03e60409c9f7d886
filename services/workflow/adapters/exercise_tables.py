"""Consultation exercises as Workflow reads them from `hr.consultations` (on Workflow's
metadata, created at start): every fact for the timeline, the folded view, and the
departments each exercise consults (what leads' scope and feeds look up)."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, PrimaryKeyConstraint, String, Table, Text

from services.workflow.adapters.tables import fact_record_columns, metadata

exercise_events = Table(
    "exercise_events",
    metadata,
    Column("exercise_id", String(40), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("occurred_at", String(40), nullable=False),  # ISO text with offset: sorts
    Column("recorded_at", String(40), nullable=False),
    *fact_record_columns(),
    PrimaryKeyConstraint("exercise_id", "sequence"),
)

exercises = Table(
    "exercises",
    metadata,
    Column("exercise_id", String(40), primary_key=True),
    Column("status", String(10), nullable=False, index=True),
    Column("opened_on", Date),
    Column("view", Text, nullable=False),  # the folded ExerciseView, as JSON
    Column("sequence", Integer, nullable=False),
)

exercise_departments = Table(
    "exercise_departments",
    metadata,
    Column("exercise_id", String(40), nullable=False),
    Column("department", String(10), nullable=False, index=True),
    PrimaryKeyConstraint("exercise_id", "department"),
)
