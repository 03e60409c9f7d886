"""Give a deployment its ACLs and topics on a secured broker, as the administrator.

aiokafka's admin client has no ACL calls, but it carries Kafka's CreateAcls request (v1:
with pattern types, still served by Kafka 4); one request sends every rule. Creating an
ACL that exists already is a no-op, so provisioning can run on every start.
"""

from __future__ import annotations

from typing import Any

import structlog
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import CreateAclsRequest_v0, CreateAclsRequest_v1
from aiokafka.protocol.api import Request

from shared.events.topics import ALL_TOPICS, physical
from shared.kafka.acls import Grant, grants
from shared.kafka.provisioning import ensure_topics
from shared.kafka.security import KafkaAccess, client_options

log = structlog.get_logger(__name__)

ANY_HOST = "*"
ALLOW = 3


class AclsNotCreated(RuntimeError):
    """The broker refused one or more ACLs (the message says which and why)."""


class _CreateAcls(Request[CreateAclsRequest_v0 | CreateAclsRequest_v1]):  # type: ignore[misc]
    API_KEY = 30

    def __init__(self, rules: list[Grant]) -> None:
        self._rules = rules

    def build(
        self, request_struct_class: type[CreateAclsRequest_v0 | CreateAclsRequest_v1]
    ) -> CreateAclsRequest_v0 | CreateAclsRequest_v1:
        if request_struct_class.API_VERSION < 1:
            raise AclsNotCreated("the broker is too old for prefixed ACLs (CreateAcls v1)")
        return request_struct_class([_creation(rule) for rule in self._rules])


def _creation(rule: Grant) -> tuple[int, str, int, str, str, int, int]:
    principal = f"User:{rule.principal}"
    return (rule.resource, rule.name, rule.pattern, principal, ANY_HOST, rule.operation, ALLOW)


async def create_acls(admin_access: KafkaAccess, rules: list[Grant]) -> None:
    """Create these ALLOW rules; raise AclsNotCreated naming any the broker refused."""
    admin = AIOKafkaAdminClient(**client_options(admin_access), request_timeout_ms=15000)
    await admin.start()
    try:
        response: Any = await admin._send_request(_CreateAcls(rules))  # aiokafka has no public call
    finally:
        await admin.close()
    refused = [
        f"{rule}: error {code} {message}"
        for rule, (code, message) in zip(rules, response.creation_responses, strict=True)
        if code != 0
    ]
    if refused:
        raise AclsNotCreated("; ".join(refused))
    log.info("kafka.acls_created", rules=len(rules))


async def provision_deployment(admin_access: KafkaAccess, prefix: str, partitions: int) -> None:
    """Every principal's ACLs for this deployment, then every topic (so no consumer waits
    for a topic its owner has not created yet)."""
    await create_acls(admin_access, grants(prefix))
    await ensure_topics(admin_access, [physical(name, prefix) for name in ALL_TOPICS], partitions)
