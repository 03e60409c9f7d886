"""Every topic name, in one place. Topics are `<owner>.<aggregate>`, keyed by aggregate id.

Names here are logical; `physical()` adds the deployment's prefix (tests give each run
topics of its own that way).
"""

from __future__ import annotations

from typing import Final

HR_POSTS: Final = "hr.posts"
HR_CONSULTATIONS: Final = "hr.consultations"
HR_REDESIGN: Final = "hr.redesign"
FINANCE_BUDGETS: Final = "finance.budgets"
FINANCE_SAVINGS: Final = "finance.savings"
FINANCE_REDESIGN: Final = "finance.redesign"
WORKFLOW_REDESIGN: Final = "workflow.redesign"
WORKFLOW_MILESTONES: Final = "workflow.milestones"
WORKFLOW_PROGRAMME: Final = "workflow.programme"
# Operators' interventions on a service's consumers (dead letters redriven or discarded).
HR_INTERVENTIONS: Final = "hr.interventions"
FINANCE_INTERVENTIONS: Final = "finance.interventions"
WORKFLOW_INTERVENTIONS: Final = "workflow.interventions"
# Each producer's signing keys and signed checkpoints of everything it published.
HR_CHECKPOINTS: Final = "hr.checkpoints"
FINANCE_CHECKPOINTS: Final = "finance.checkpoints"
WORKFLOW_CHECKPOINTS: Final = "workflow.checkpoints"

HR_DEAD_LETTERS: Final = "hr.dead-letters"
FINANCE_DEAD_LETTERS: Final = "finance.dead-letters"
WORKFLOW_DEAD_LETTERS: Final = "workflow.dead-letters"

EVENT_TOPICS: Final = (
    HR_POSTS,
    HR_CONSULTATIONS,
    HR_REDESIGN,
    FINANCE_BUDGETS,
    FINANCE_SAVINGS,
    FINANCE_REDESIGN,
    WORKFLOW_REDESIGN,
    WORKFLOW_MILESTONES,
    WORKFLOW_PROGRAMME,
    HR_INTERVENTIONS,
    FINANCE_INTERVENTIONS,
    WORKFLOW_INTERVENTIONS,
    HR_CHECKPOINTS,
    FINANCE_CHECKPOINTS,
    WORKFLOW_CHECKPOINTS,
)
DEAD_LETTER_TOPICS: Final = (HR_DEAD_LETTERS, FINANCE_DEAD_LETTERS, WORKFLOW_DEAD_LETTERS)
ALL_TOPICS: Final = EVENT_TOPICS + DEAD_LETTER_TOPICS


def physical(name: str, prefix: str = "") -> str:
    """The topic's name on the broker for a deployment with this prefix."""
    return f"{prefix}{name}"
