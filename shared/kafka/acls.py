"""Who may do what on a secured broker: one principal per service, and the auditor.

Each service writes (and may create) only its own topics, `<prefix><service>.*`; reads only
the topics its subscribers consume (listed here, checked against the services' subscribers
by `tests/unit/shared/test_kafka_acls.py`); and joins only its own consumer groups,
`<prefix><service>.*`. The auditor reads every topic of the deployment and writes none.
Nobody but the administrator (the broker's only super user) deletes topics or records:
no rule below allows Delete or Alter.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from shared.events import topics

SERVICES = ("hr", "finance", "workflow")
AUDITOR = "auditor"

# The topics each service's consumers read (their subscribers' `*_TOPICS` constants).
READS: dict[str, tuple[str, ...]] = {
    "hr": (
        topics.FINANCE_BUDGETS,
        topics.WORKFLOW_PROGRAMME,
        topics.HR_REDESIGN,
        topics.FINANCE_REDESIGN,
        topics.WORKFLOW_REDESIGN,
    ),
    "finance": (topics.HR_POSTS,),
    "workflow": (
        topics.HR_POSTS,
        topics.FINANCE_BUDGETS,
        topics.FINANCE_SAVINGS,
        topics.HR_REDESIGN,
        topics.FINANCE_REDESIGN,
        topics.WORKFLOW_REDESIGN,
        topics.WORKFLOW_MILESTONES,
        topics.WORKFLOW_PROGRAMME,
        topics.HR_CONSULTATIONS,
    ),
}


class Resource(IntEnum):
    """Kafka's resource type codes (the wire values of CreateAcls)."""

    TOPIC = 2
    GROUP = 3


class Pattern(IntEnum):
    LITERAL = 3
    PREFIXED = 4


class Operation(IntEnum):
    READ = 3
    WRITE = 4
    CREATE = 5
    DESCRIBE = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    """One ALLOW rule: this principal may do this to these resources, from any host."""

    principal: str
    resource: Resource
    name: str
    pattern: Pattern
    operation: Operation

    def __str__(self) -> str:
        kind = "prefixed" if self.pattern is Pattern.PREFIXED else "literal"
        return (
            f"User:{self.principal} {self.operation.name} {self.resource.name.lower()} "
            f"{self.name!r} ({kind})"
        )


def grants(prefix: str = "") -> list[Grant]:
    """Every ACL of a deployment whose topics and consumer groups start with `prefix`."""
    rules: list[Grant] = []
    for service in SERVICES:
        own = f"{prefix}{service}."
        rules += [
            _grant(service, Resource.TOPIC, own, Pattern.PREFIXED, operation)
            for operation in (Operation.WRITE, Operation.DESCRIBE, Operation.CREATE)
        ]
        for logical in READS[service]:
            rules += [
                _grant(service, Resource.TOPIC, prefix + logical, Pattern.LITERAL, operation)
                for operation in (Operation.READ, Operation.DESCRIBE)
            ]
        rules.append(_grant(service, Resource.GROUP, own, Pattern.PREFIXED, Operation.READ))
    # An empty prefix cannot be a prefixed pattern: the wildcard names every topic.
    every_topic, pattern = (prefix, Pattern.PREFIXED) if prefix else ("*", Pattern.LITERAL)
    rules += [
        _grant(AUDITOR, Resource.TOPIC, every_topic, pattern, operation)
        for operation in (Operation.READ, Operation.DESCRIBE)
    ]
    return rules


def _grant(
    principal: str, resource: Resource, name: str, pattern: Pattern, operation: Operation
) -> Grant:
    return Grant(
        principal=principal, resource=resource, name=name, pattern=pattern, operation=operation
    )
