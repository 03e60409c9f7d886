"""Prometheus metrics on every service's `GET /metrics` (docs/operations.md lists them).

- `requests.py`: HTTP requests by route template and status, and their latency.
- `readings.py`: what is read when Prometheus scrapes: consumer lag per group and partition
  (from Kafka), events applied and parked (this process's consumers), dead letters, parked
  events and the outbox's backlog (from the service's own tables).
- `endpoint.py`: the route, the registry of one app, and each service's own gauges.
"""
