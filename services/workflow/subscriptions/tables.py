"""Tables of the feed and the subscriptions, on Workflow's own metadata (created at start).

`feed.feed_id` is the Server-Sent Events id: it only grows, and rows are committed in id
order (one writer; on PostgreSQL the writer locks the table), so "everything after id N"
has no gap and no repeat.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text, UniqueConstraint

from services.workflow.adapters.tables import metadata

FeedId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite: a rowid alias

feed = Table(
    "feed",
    metadata,
    Column("feed_id", FeedId, primary_key=True, autoincrement=True),
    Column("department", String(10), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("aggregate_id", String(60), nullable=False),
    Column("occurred_at", String(40), nullable=False),
    Column("summary", Text, nullable=False),
    Column("document", Text, nullable=False),  # the envelope exactly as consumed
    UniqueConstraint("event_id", "department"),
    Index("feed_by_department", "department", "feed_id"),
    sqlite_autoincrement=True,  # never reuse an id, even after the last row is deleted
)

# Departments a candidate touches, from its CandidateIdentified (later events name none).
feed_candidates = Table(
    "feed_candidates",
    metadata,
    Column("candidate_id", String(60), primary_key=True),
    Column("departments", Text, nullable=False),  # JSON list
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("subscription_id", String(36), primary_key=True),
    Column("department", String(10), nullable=False, index=True),
    Column("kinds", Text, nullable=False),  # JSON list
    Column("webhook_url", String(2000)),
    Column("secret", String(100)),  # signs webhook deliveries; never shown after creation
    Column("description", String(300), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("delivered_up_to", BigInteger, nullable=False),  # last feed id the webhook handled
    # Email subscriptions (channel "email"): `kinds` are then the digest's kinds.
    Column("channel", String(10)),  # webhook | email; none: feed and stream only
    Column("email_address", String(320)),
    Column("alerts", Text),  # JSON list of event types sent at once, one email each
    Column("digest", String(10)),  # daily | weekly; none: alerts only
    Column("digest_up_to", BigInteger),  # last feed id a digest covered
    Column("digest_sent_on", String(10)),  # ISO date of the last digest (or of subscribing)
)

webhook_parked = Table(
    "webhook_parked",
    metadata,
    Column("delivery_id", String(36), primary_key=True),
    Column("subscription_id", String(36), nullable=False, index=True),
    Column("feed_id", BigInteger, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("status", String(20), nullable=False),  # parked | queued | redelivered
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
    Column("parked_at", String(40), nullable=False),
    # A parked digest: the feed ids after `covers_after` up to `feed_id`, and its period.
    Column("covers_after", BigInteger),
    Column("period", String(60)),
)
