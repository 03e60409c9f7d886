"""Refusals of Workflow's own redesign commands, in words a council officer understands."""

from __future__ import annotations


class ProcessNotFound(Exception):
    """No process with that id has been registered."""

    def __init__(self, process_id: str) -> None:
        super().__init__(f"process {process_id} has not been registered")


class CandidateNotFound(Exception):
    """No candidate with that id is known."""

    def __init__(self, candidate_id: str) -> None:
        super().__init__(f"candidate {candidate_id} is not known")


class NotWorkflowsToChange(Exception):
    """The function's own service publishes its redesign events; Workflow must not."""


class CandidateStepNotAllowed(Exception):
    """The candidate is not in a status that allows this step."""


class AlreadyRegistered(Exception):
    """A process or candidate with that id exists already."""
