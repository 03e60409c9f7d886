"""Audit: replay the event log offline, prove nothing was lost or altered, check the controls.

Read-only: no database, no HTTP server, no consumer group, nothing committed.
"""
