"""Which demo posts stay out of the centralised teams, and why.

"The detail of which roles will make up the centralised teams is still being finalised in
partnership with senior leadership teams in each department": in the demo, a few business
support posts are part of a service rather than a support function, so HR proposes them
out of scope and their department's lead agrees. The choice depends only on the posts, so
the demo, its tests and the reliability oracle agree on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from shared.demo.establishment import DemoPost

# (department, function) → HR's reason. Neither group is one the demo starts transfers for.
OUT_OF_SCOPE_REASONS: Final[dict[tuple[str, str], str]] = {
    ("ASCH", "BUS"): (
        "Business support within a clinical care team: part of the service's own delivery, "
        "not a support function"
    ),
    ("CS", "BUS"): (
        "Administration funded by schools' own budgets: it stays with the service that "
        "schools pay for"
    ),
}
OUT_OF_SCOPE_PER_GROUP: Final = 2
LEAD_AGREES: Final = "The department's senior leadership team confirms the role stays"


def out_of_scope_posts(posts: Iterable[DemoPost]) -> dict[str, tuple[str, str]]:
    """Return the demo's out-of-scope posts (the first few of each group), each with its
    department (whose lead agrees) and HR's reason."""
    chosen: dict[str, tuple[str, str]] = {}
    taken: dict[tuple[str, str], int] = {}
    for post in posts:
        group = (post.department, post.function)
        reason = OUT_OF_SCOPE_REASONS.get(group)
        if reason is not None and taken.get(group, 0) < OUT_OF_SCOPE_PER_GROUP:
            taken[group] = taken.get(group, 0) + 1
            chosen[post.post_number] = (post.department, reason)
            if len(chosen) == len(OUT_OF_SCOPE_REASONS) * OUT_OF_SCOPE_PER_GROUP:
                break  # all chosen: the rest of a large establishment need not be generated
    return chosen
