"""Agreement with the live system: the replayed stage of each post against Workflow's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Difference:
    """One post where the log and the live tracker disagree."""

    post_number: str
    replayed: str | None  # None: the log has no such post
    live: str | None  # None: the tracker has no such post

    def describe(self) -> str:
        if self.live is None:
            return f"post {self.post_number}: replay says {self.replayed}, tracker has no record"
        if self.replayed is None:
            return f"post {self.post_number}: tracker says {self.live}, the log has no such post"
        return f"post {self.post_number}: replay says {self.replayed}, tracker says {self.live}"


def compare_stages(replayed: Mapping[str, str], live: Mapping[str, str]) -> list[Difference]:
    """Every post whose stage differs, or that only one side knows."""
    differences = [
        Difference(post, stage, live.get(post))
        for post, stage in replayed.items()
        if live.get(post) != stage
    ]
    differences += [
        Difference(post, None, stage) for post, stage in live.items() if post not in replayed
    ]
    return sorted(differences, key=lambda difference: difference.post_number)
