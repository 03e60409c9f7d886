"""Workflow's read models in plain SQL: the tracker, savings, the redesign pipeline, and the
milestones decided from them (with their once-only guards). Consumers and commands write
them through these modules; the layering test says what they may import."""
