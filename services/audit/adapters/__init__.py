"""The outside world: the Kafka log, the Workflow API, report files, fast JSON."""
