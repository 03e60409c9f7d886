"""An in-memory catalogue of a function's processes and candidates (`shared.redesign`)."""

from __future__ import annotations

from shared.events.candidate_stages import CandidateStatus


class FakeProcesses:
    """Processes by id (team, in review) and candidates by id (status)."""

    def __init__(self) -> None:
        self.processes: dict[str, tuple[str, bool]] = {}
        self.candidates: dict[str, CandidateStatus] = {}

    def process_team(self, process_id: str) -> str | None:
        found = self.processes.get(process_id)
        return found[0] if found else None

    def add_process(self, process_id: str, team: str, name: str) -> None:
        self.processes[process_id] = (team, False)

    def start_review(self, process_id: str) -> None:
        self.processes[process_id] = (self.processes[process_id][0], True)

    def candidate(self, candidate_id: str) -> CandidateStatus | None:
        return self.candidates.get(candidate_id)

    def add_candidate(self, candidate_id: str, process_id: str, team: str) -> None:
        self.candidates[candidate_id] = CandidateStatus.IDENTIFIED

    def set_candidate(self, candidate_id: str, status: CandidateStatus) -> None:
        self.candidates[candidate_id] = status
