"""The programme plan's arithmetic, in one place: waves' plan versions, planned versus actual,
and the board report's figures. Pure (no I/O): Workflow feeds it from its read models and the
auditor's replay from the raw log, so the two can be compared figure by figure and never
disagree on the method, only on the facts."""
