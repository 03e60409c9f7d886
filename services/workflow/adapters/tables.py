"""Workflow's database: read models built only from events, plus the milestones it published.

`post_events` keeps every consumed fact about a post keyed by (post, producer stream,
sequence); `journeys` is derived from it by folding (see domain/journey.py) and can be
dropped and refolded at any time.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from shared.persistence.tables import messaging_tables

metadata = MetaData()
messaging = messaging_tables(metadata)


def fact_record_columns() -> list[Column[object]]:
    """Who recorded a consumed fact, its one-line summary and its payload (JSON text): the
    closing columns of every timeline table (fresh each call: a Column joins one table)."""
    return [
        Column("actor_id", String(100), nullable=False),
        Column("actor_role", String(40), nullable=False),
        Column("summary", Text, nullable=False),
        Column("payload", Text, nullable=False),
    ]


post_events = Table(
    "post_events",
    metadata,
    Column("post_number", String(20), nullable=False),
    Column("stream", String(20), nullable=False),  # the producer's aggregate type
    Column("sequence", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("transfer_id", String(40), nullable=True),
    # ISO-8601 text with offset: sorts in time order on every database.
    Column("occurred_at", String(40), nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("effective_date", Date, nullable=True),
    *fact_record_columns(),
    PrimaryKeyConstraint("post_number", "stream", "sequence"),
)

journeys = Table(
    "journeys",
    metadata,
    Column("post_number", String(20), primary_key=True),
    Column("registered", Boolean, nullable=False),
    Column("title", String(200)),
    Column("grade", String(40)),
    Column("function", String(10), index=True),
    Column("department", String(10), index=True),
    Column("team", String(10)),
    Column("cost_centre", String(40)),
    Column("fte", Float, nullable=False),
    Column("annual_cost", Integer, nullable=False),
    Column("stage", String(30), nullable=False, index=True),
    Column("stage_since", Date),
    Column("transfer_id", String(40)),
    Column("target_team", String(10)),
    Column("proposed_on", Date),
    Column("effective_date", Date),
    Column("consultation_opened_on", Date),
    Column("consultation_closes_by", Date),
    Column("budget_check", String(10)),
    Column("budget_failure_reason", Text),
    Column("budget_moved", Boolean, nullable=False),
    Column("budget_moved_amount", Integer, nullable=False),
    Column("moved_fte", Float, nullable=False),
    Column("moved_annual_cost", Integer, nullable=False),
    Column("moved_on", Date),
    Column("hr_sequence", Integer, nullable=False),
    Column("budget_sequence", Integer, nullable=False),
    Column("unattached_budget_facts", Boolean, nullable=False),
    Column("already_central", Boolean, nullable=False),
    Column("scope_status", String(20)),
    Column("scope_response", String(20)),
    Column("scope_reason", Text),
    Column("scope", String(20), nullable=False),
    Column("exercise_id", String(40)),
)

# One row per milestone ever published, written with its outbox row: never twice.
published_milestones = Table(
    "published_milestones",
    metadata,
    Column("milestone_key", String(120), primary_key=True),
    Column("event_id", String(36), nullable=False),
    Column("published_at", String(40), nullable=False),
)

processes = Table(
    "processes",
    metadata,
    Column("process_id", String(60), primary_key=True),
    Column("function", String(10), nullable=False),
    Column("team", String(10), nullable=False, index=True),
    Column("name", String(300), nullable=False),
    Column("volume_per_year", Integer, nullable=False),
    Column("minutes_per_case", Float, nullable=False),
    Column("rework_percent", Float, nullable=False),
    Column("average_grade_cost", Integer, nullable=False),
    Column("review_started_on", Date),
    Column("producer", String(20), nullable=False),
    Column("sequence", Integer, nullable=False),
)

candidates = Table(
    "candidates",
    metadata,
    Column("candidate_id", String(60), primary_key=True),
    Column("process_id", String(60), nullable=False, index=True),
    Column("team", String(10), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("title", String(300), nullable=False),
    Column("automation_potential_percent", Float, nullable=False),
    Column("ease", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("post_numbers", Text, nullable=False),  # JSON list
    Column("departments", Text, nullable=False),  # JSON list
    Column("identified_on", Date),
    Column("delivered_on", Date),
    Column("realised_hours_saved_per_year", Float),
    Column("realised_money_saved_per_year", Integer),
    Column("rejected_reason", Text),
    Column("producer", String(20), nullable=False),
    Column("sequence", Integer, nullable=False),
)

savings_events = Table(
    "savings_events",
    metadata,
    Column("aggregate_id", String(60), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("team", String(10), nullable=False, index=True),
    Column("financial_year", String(10), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("candidate_id", String(60)),
    Column("description", Text, nullable=False),
    PrimaryKeyConstraint("aggregate_id", "sequence"),
)

# Every version of every wave's plan, as published on `workflow.programme` (one row per
# event): waves are folded from it when read, so nothing here is ever updated in place.
wave_plans = Table(
    "wave_plans",
    metadata,
    Column("wave_id", String(40), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("recorded_on", Date, nullable=False),
    Column("payload", Text, nullable=False),
    PrimaryKeyConstraint("wave_id", "sequence"),
)

# What each department said it needs from the central team, per reviewed process (from
# `ProcessReviewStarted`). A table of its own: `create_all` adds it to an existing database.
process_support_needs = Table(
    "process_support_needs",
    metadata,
    Column("process_id", String(60), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("department", String(10), nullable=False, index=True),
    Column("need", Text, nullable=False),
    PrimaryKeyConstraint("process_id", "position"),
)

# The benefits register (`shared.events.benefits`): one case per candidate, and each
# realised measurement. Tables of their own: `create_all` adds them to an existing database.
benefit_cases = Table(
    "benefit_cases",
    metadata,
    Column("candidate_id", String(60), primary_key=True),
    Column("owner_role", String(200), nullable=False),
    Column("baseline_measure", String(300), nullable=False),
    Column("baseline_value", Float, nullable=False),
    Column("baseline_date", Date, nullable=False),
    Column("profile", Text, nullable=False),  # JSON: [{financial_year, cashable_money, ...}]
    Column("one_off_cost", Integer, nullable=False),
    Column("running_cost_per_year", Integer, nullable=False),
    Column("post_numbers", Text, nullable=False),  # JSON list
    Column("health", String(20), nullable=False),
    Column("health_reason", Text, nullable=False),
    Column("sequence", Integer, nullable=False),
)

benefit_measurements = Table(
    "benefit_measurements",
    metadata,
    Column("candidate_id", String(60), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("measured_on", Date, nullable=False),
    Column("financial_year", String(7), nullable=False, index=True),
    Column("cashable_money", Integer, nullable=False),
    Column("hours_freed", Float, nullable=False),
    Column("note", Text, nullable=False),
    PrimaryKeyConstraint("candidate_id", "sequence"),
)

# Every event that led to a saving, by the candidate (or process) it concerns: the golden
# thread from a process to a pound saved, with event ids an auditor can find in the log.
thread_events = Table(
    "thread_events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("event_type", String(40), nullable=False),
    Column("producer", String(20), nullable=False),
    Column("occurred_at", String(40), nullable=False),
    Column("candidate_id", String(60), index=True),
    Column("process_id", String(60), index=True),
    Column("summary", Text, nullable=False),  # JSON payload
)

# Posts delivered candidates end: at risk (filled, awaiting consultation) or disestablished,
# with what the establishment loses; progress counts them apart from the posts still there.
post_endings = Table(
    "post_endings",
    metadata,
    Column("post_number", String(20), primary_key=True),
    Column("candidate_id", String(60), nullable=False, index=True),
    Column("team", String(10), nullable=False),
    Column("at_risk_event_id", String(36)),
    Column("planned_end", Date),
    Column("disestablished_event_id", String(36)),
    Column("disestablished_on", Date),
    Column("fte", Float, nullable=False),
    Column("annual_cost", Integer, nullable=False),
)

# FTE delivered candidates released (`FteReleased`), from a post they claim or their team;
# a disestablished post's FTE is in `post_endings` instead.
fte_releases = Table(
    "fte_releases",
    metadata,
    Column("candidate_id", String(60), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("team", String(10), nullable=False, index=True),
    Column("post_number", String(20), index=True),
    Column("fte", Float, nullable=False),
    Column("released_on", Date, nullable=False),
    Column("financial_year", String(7), nullable=False, index=True),
    Column("note", Text, nullable=False),
    PrimaryKeyConstraint("candidate_id", "sequence"),
)
