"""HR's database tables. Personal data (names, contact details) stays in `employees`."""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table, Text

from shared.persistence.tables import messaging_tables

metadata = MetaData()
messaging = messaging_tables(metadata)

posts = Table(
    "posts",
    metadata,
    Column("post_number", String(20), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("grade", String(40), nullable=False),
    Column("fte", Float, nullable=False),
    Column("function", String(10), nullable=False, index=True),
    Column("department", String(10), nullable=False, index=True),
    Column("team", String(10), nullable=True),
    Column("cost_centre", String(40), nullable=False),
    Column("annual_cost", Integer, nullable=False),
    Column("employee_ref", String(40), nullable=True),
)

employees = Table(
    "employees",
    metadata,
    Column("employee_ref", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(200), nullable=True),
)

transfers = Table(
    "transfers",
    metadata,
    Column("transfer_id", String(40), primary_key=True),
    Column("post_number", String(20), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("target_team", String(10), nullable=False),
    Column("team_name", String(100), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("stage", String(30), nullable=False, index=True),
    Column("budget_check", String(10), nullable=False),
    Column("budget_check_reason", Text, nullable=False, default=""),
    Column("consultation_opened_on", Date, nullable=True),
    Column("consultation_closes_by", Date, nullable=True),
    Column("consultation_closed_on", Date, nullable=True),
    Column("consultation_outcome", String(30), nullable=True),
    Column("consultation_notes", Text, nullable=False, default=""),
    Column("decided_reason", Text, nullable=False, default=""),
)
