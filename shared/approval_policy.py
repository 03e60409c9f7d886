"""The council's approval policy: separation of duties and approval limits (pure).

One rule, two readers: HR refuses an approval that breaks it, and the auditor's controls
find one in the log that did (written while the policy was off, or by hand). The cabinet
report speaks of financial approval levels: above a post's annual cost, or a bulk run's
total, an HR manager (`hr_manager`) approves, and never the officer who proposed it.
"""

from __future__ import annotations

from dataclasses import dataclass

SENIOR_ROLE = "hr_manager"
APPROVING_ROLES = frozenset({"hr_staff", SENIOR_ROLE})
DEFAULT_SENIOR_ABOVE = 60_000  # £ a year: one post's annual cost
DEFAULT_BULK_SENIOR_ABOVE = 500_000  # £ a year: the posts of one bulk approval together


@dataclass(frozen=True, kw_only=True)
class ApprovalPolicy:
    """Who may approve a transfer; a limit of None is no limit."""

    separation_of_duties: bool = True
    senior_above: int | None = DEFAULT_SENIOR_ABOVE
    bulk_senior_above: int | None = DEFAULT_BULK_SENIOR_ABOVE

    def refusal(
        self, *, post_number: str, proposed_by: str, approver: str, role: str, annual_cost: int
    ) -> str | None:
        """Why this officer may not approve this post's transfer, or None.

        A transfer proposed before proposers were recorded (`proposed_by` empty) can only
        be held to the limit: who proposed it is not known here (the audit log knows)."""
        if self.separation_of_duties and proposed_by and proposed_by == approver:
            return (
                f"you proposed post {post_number}'s transfer, so another officer must approve "
                "it (separation of duties)"
            )
        if self.over_limit(annual_cost) and role != SENIOR_ROLE:
            return (
                f"post {post_number} costs £{annual_cost:,} a year, above the "
                f"£{self.senior_above:,} approval limit: an HR manager must approve it"
            )
        return None

    def over_limit(self, annual_cost: int) -> bool:
        return self.senior_above is not None and annual_cost > self.senior_above

    def bulk_over_limit(self, total: int) -> bool:
        return self.bulk_senior_above is not None and total > self.bulk_senior_above

    def bulk_refusal(self, *, posts: int, total: int, role: str) -> str | None:
        """Why this officer may not run a bulk approval of posts costing `total`, or None."""
        if self.bulk_over_limit(total) and role != SENIOR_ROLE:
            return (
                f"the {posts} posts of this bulk approval cost £{total:,} a year together, "
                f"above the £{self.bulk_senior_above:,} limit for one approval run: an HR "
                "manager must run it"
            )
        return None


COUNCIL_POLICY = ApprovalPolicy()  # the defaults above
# No separation and no limits: the handlers' default, for seeds and tests that are not
# about the policy. Every entrypoint passes the configured policy.
UNCHECKED = ApprovalPolicy(separation_of_duties=False, senior_above=None, bulk_senior_above=None)
