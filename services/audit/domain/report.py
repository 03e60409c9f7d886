"""The auditor's report: what was read, what is wrong, and the establishment as at the date."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from services.audit.domain.comparison import Difference
from services.audit.domain.establishment import PostState
from services.audit.domain.records import Finding


@dataclass(kw_only=True)
class AuditReport:
    """Everything one replay found; the CLI prints it and writes it to files."""

    as_of: date | None
    history_complete: bool
    events_read: int
    events_in_scope: int
    duplicates: int
    aggregates: int
    event_types: Counter[str]
    integrity: list[Finding]
    controls: list[Finding]
    unreadable: list[Finding]
    posts: dict[str, PostState]
    checks: dict[str, str]  # rule name -> description, every check that ran
    differences: list[Difference] | None = None  # None: not compared with the live system
    as_known_on: date | None = None  # the log as it stood that day (None: all of it)
    compared_posts: int = 0
    team_heads: dict[str, str] = field(default_factory=dict)  # central team → head post

    @property
    def findings(self) -> list[Finding]:
        return [*self.unreadable, *self.integrity, *self.controls]

    @property
    def clean(self) -> bool:
        return not self.findings and not self.differences

    def stages(self) -> Counter[str]:
        """How many posts are at each stage."""
        return Counter(post.stage for post in self.posts.values())

    def placements(self) -> dict[str, tuple[int, int]]:
        """Per department or team: (posts, total annual cost) of registered posts."""
        totals: dict[str, tuple[int, int]] = {}
        for post in self.posts.values():
            if post.registered:
                count, cost = totals.get(post.placement, (0, 0))
                totals[post.placement] = (count + 1, cost + post.annual_cost)
        return dict(sorted(totals.items()))

    def findings_by_rule(self) -> Counter[str]:
        return Counter(finding.rule for finding in self.findings)
