"""Finance's database tables: the books, the transfers it follows, savings and redesign."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from shared.persistence.redesign_tables import redesign_tables
from shared.persistence.tables import messaging_tables

metadata = MetaData()
messaging = messaging_tables(metadata)

cost_centres = Table(
    "cost_centres",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("owner", String(20), nullable=False),
    Column("function", String(10), nullable=False),
    Column("frozen", Boolean, nullable=False, default=False),
)

budget_lines = Table(
    "budget_lines",
    metadata,
    Column("cost_centre", String(40), nullable=False),
    Column("function", String(10), nullable=False),
    Column("annual_budget", BigInteger, nullable=False),
    Column("reserved", BigInteger, nullable=False, default=0),
    Column("moved_in", BigInteger, nullable=False, default=0),
    Column("moved_out", BigInteger, nullable=False, default=0),
    PrimaryKeyConstraint("cost_centre", "function"),
)

# The transfers Finance follows: the budget check's verdict and what the money is doing.
budget_transfers = Table(
    "budget_transfers",
    metadata,
    Column("transfer_id", String(40), primary_key=True),
    Column("post_number", String(20), nullable=False, index=True),
    Column("function", String(10), nullable=False),
    Column("department", String(10), nullable=False),
    Column("cost_centre", String(40), nullable=False),
    Column("annual_cost", BigInteger, nullable=False),
    Column("target_team", String(10), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("check_passed", Boolean, nullable=False),
    Column("check_reason", Text, nullable=False),
    Column("money", String(20), nullable=False),
    Column("reserved_amount", BigInteger, nullable=False),
    Column("moved_amount", BigInteger, nullable=False),
    Column("amount_this_year", BigInteger, nullable=False),
)

# Where each post's cost is charged, from HR's post events (or the demo seed).
finance_posts = Table(
    "finance_posts",
    metadata,
    Column("post_number", String(20), primary_key=True),
    Column("function", String(10), nullable=False),
    Column("department", String(10), nullable=False),
    Column("cost_centre", String(40), nullable=False, index=True),
    Column("annual_cost", BigInteger, nullable=False),
)

savings_targets = Table(
    "savings_targets",
    metadata,
    Column("team", String(10), nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("amount", BigInteger, nullable=False),
    PrimaryKeyConstraint("team", "financial_year"),
)

savings_realised = Table(
    "savings_realised",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("team", String(10), nullable=False, index=True),
    Column("financial_year", String(7), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("candidate_id", String(40), nullable=True),
    Column("description", Text, nullable=False, default=""),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# Savings given up from central teams' budget lines (`CentralBudgetReduced`). A table of
# its own: `create_all` adds it to an existing database.
budget_reductions = Table(
    "budget_reductions",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("cost_centre", String(40), nullable=False, index=True),
    Column("function", String(10), nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("candidate_id", String(60), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# Finance's own processes and candidates: the catalogue HR keeps too (`shared.redesign`).
redesign = redesign_tables(metadata)
processes, candidates = redesign.processes, redesign.candidates
