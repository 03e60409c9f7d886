"""Shared plumbing for One Council services: event schemas, Kafka, logging, config."""
