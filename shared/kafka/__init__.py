"""Kafka plumbing: broker factory, topic provisioning, outbox relay, consuming, dead letters."""
