"""HR's database tables. Personal data (names, contact details) stays in `employees`."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
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

# Reporting lines, team heads, and the line manager a transfer names for after the move:
# tables of their own, since `create_all` adds tables to an existing database, never columns.
reporting_lines = Table(
    "reporting_lines",
    metadata,
    Column("post_number", String(20), primary_key=True),
    Column("reports_to", String(20), nullable=False, index=True),
)

transfer_line_managers = Table(
    "transfer_line_managers",
    metadata,
    Column("transfer_id", String(40), primary_key=True),
    Column("line_manager", String(20), nullable=True),
    Column("reported_to_before", String(20), nullable=True),
)

team_heads = Table(
    "team_heads",
    metadata,
    Column("team", String(10), primary_key=True),
    Column("post_number", String(20), nullable=False),
)

# Future-dated changes of posts: pending until the scheduler applies them on their date.
scheduled_post_changes = Table(
    "scheduled_post_changes",
    metadata,
    Column("change_id", String(40), primary_key=True),
    Column("post_number", String(20), nullable=False, index=True),
    Column("effective_date", Date, nullable=False, index=True),
    Column("changes", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("applied", Boolean, nullable=False, default=False, index=True),
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
    Column("proposed_by", String(200), nullable=False, default=""),
)

# The scheduler asks "which approved transfers are due?" every minute.
Index("ix_transfers_stage_effective_date", transfers.c.stage, transfers.c.effective_date)

bulk_runs = Table(
    "bulk_runs",
    metadata,
    Column("run_id", String(40), primary_key=True),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("request_hash", String(64), nullable=False),
    Column("action", String(30), nullable=False),
    Column("simulate", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("rerun_of", String(40), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("totals", JSON, nullable=True),
)

bulk_run_rows = Table(
    "bulk_run_rows",
    metadata,
    Column("run_id", String(40), nullable=False),
    Column("position", Integer, nullable=False),
    Column("post_number", String(40), nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("transfer_id", String(40), nullable=True),
    PrimaryKeyConstraint("run_id", "position"),
)

# What a bulk run claimed: its rows, so that resuming it takes exactly the same ones, and
# which HR process works on it, last seen when, so that another process can tell when that
# process died and the run was interrupted. (A table of its own: `create_all` adds tables
# to an existing database, never columns.)
bulk_run_claims = Table(
    "bulk_run_claims",
    metadata,
    Column("run_id", String(40), primary_key=True),
    Column("post_numbers", JSON, nullable=False),
    Column("owner", String(40), nullable=False, index=True),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False),
)

# The values of a bulk run's own rows (date changes, rejections, cancellations: one per row,
# by position, or null), so that resuming it or rerunning its failed rows uses them again.
bulk_run_values = Table(
    "bulk_run_values",
    metadata,
    Column("run_id", String(40), primary_key=True),
    Column("rows", JSON, nullable=False),
)

# How far the demo establishment's seeding got, written in the transaction of each step, so
# that HR restarted in the middle of it finishes it rather than skipping or repeating it.
demo_seeding = Table(
    "demo_seeding",
    metadata,
    Column("seed", Integer, primary_key=True),
    Column("stage", String(20), nullable=False),
)

# Consultation exercises: the aggregate as one JSON body (documents, questions, clock), with
# its status and opening day as columns to query by. Tables of their own: `create_all` adds
# tables to an existing database, never columns.
consultation_exercises = Table(
    "consultation_exercises",
    metadata,
    Column("exercise_id", String(40), primary_key=True),
    Column("status", String(10), nullable=False, index=True),
    Column("opened_on", Date, nullable=False),
    Column("body", JSON, nullable=False),
)

# Which posts (and which of their transfers) each exercise consults on; an at-risk post is
# one proposed as redundant, counted for the statutory collective rule from `proposed_on`.
exercise_posts = Table(
    "exercise_posts",
    metadata,
    Column("exercise_id", String(40), nullable=False),
    Column("post_number", String(20), nullable=False, index=True),
    # None: a post at risk from a delivered redesign, consulted on with no transfer.
    Column("transfer_id", String(40), nullable=True, index=True),
    Column("round", Integer, nullable=False),  # 0, then 1 when re-consulted, ...
    Column("at_risk", Boolean, nullable=False),
    Column("proposed_on", Date, nullable=False),
    PrimaryKeyConstraint("exercise_id", "post_number"),
)

# HR's scope decision for a post and its department lead's response, as one JSON body.
post_scopes = Table(
    "post_scopes",
    metadata,
    Column("post_number", String(20), primary_key=True),
    Column("body", JSON, nullable=False),
)

# What each wave of the programme plan asks of HR's approvals (from `workflow.programme`),
# as one JSON body per wave, with the wave's last applied sequence.
wave_rules = Table(
    "wave_rules",
    metadata,
    Column("wave_id", String(40), primary_key=True),
    Column("sequence", Integer, nullable=False),
    Column("body", JSON, nullable=False),
)
# HR's own processes and the redesign candidates found in them: the catalogue Finance keeps
# too (`shared.redesign`), published on `hr.redesign`.
redesign = redesign_tables(metadata)

# Posts a delivered redesign candidate ends: marked at risk (a filled post, to be consulted
# on) and then disestablished. One row a post: a post ends once.
post_endings = Table(
    "post_endings",
    metadata,
    Column("post_number", String(20), primary_key=True),
    Column("candidate_id", String(60), nullable=False, index=True),
    Column("team", String(10), nullable=False),
    Column("at_risk_on", Date, nullable=True),
    Column("planned_end", Date, nullable=True),
    Column("disestablished_on", Date, nullable=True),
    Column("exercise_id", String(40), nullable=True),
)

# Every redesign candidate HR has read from the redesign topics (its own, Finance's and
# Workflow's): its status and the posts it names, so only a delivered candidate ends a post
# it claims.
known_candidates = Table(
    "known_candidates",
    metadata,
    Column("candidate_id", String(60), primary_key=True),
    Column("team", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("identified_posts", JSON, nullable=False),
    Column("claimed_posts", JSON, nullable=False),
)

# Each employee's data key (crypto-shredding: see shared/events/personal.py), sealed by the
# master key from the environment; never on the log, never in a backup of the log. Erasing
# the employee deletes the row: whatever the log holds under `key_id` can then not be read.
personal_data_keys = Table(
    "personal_data_keys",
    metadata,
    Column("employee_ref", String(40), primary_key=True),
    Column("key_id", String(32), nullable=False, unique=True),
    Column("sealed_key", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Keys destroyed by an erasure: by key id only (the employee reference goes with the key),
# so HR can say a sealed value was erased rather than never known.
erased_data_keys = Table(
    "erased_data_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("erased_at", DateTime(timezone=True), nullable=False),
)

# When HR first saw that an employee held no post (the retention schedule counts from then;
# the row goes when they hold one again, or with everything else when they are erased).
leavers = Table(
    "leavers",
    metadata,
    Column("employee_ref", String(40), primary_key=True),
    Column("left_on", Date, nullable=False, index=True),
)
