"""Workflow: every post's journey, the redesign pipeline, progress and savings in one place."""
