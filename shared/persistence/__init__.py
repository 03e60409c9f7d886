"""Database plumbing every service shares: engine set-up, outbox, inbox and event streams."""
