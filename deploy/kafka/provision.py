"""After a secured node starts: the deployment's ACLs and topics, made as the administrator."""

from __future__ import annotations

import asyncio

from deploy.kafka.launcher import KafkaNode
from deploy.kafka.security import ADMIN, NodeSecurity
from shared.kafka.granting import provision_deployment
from shared.kafka.security import KafkaAccess


def access_of(node: KafkaNode, security: NodeSecurity, principal: str) -> KafkaAccess:
    """How `principal` reaches this secured node (as its clients would, from their .env)."""
    settings = {key.lower(): value for key, value in security.client_env(principal).items()}
    return KafkaAccess.model_validate(
        {**settings, "kafka_bootstrap_servers": node.bootstrap_servers}
    )


def provision(node: KafkaNode, prefix: str, partitions: int) -> None:
    """Create every principal's ACLs and every topic for the deployment using `prefix`."""
    security = node.security
    if security is None:
        return  # a plaintext node has no ACLs; services create their topics themselves
    admin = access_of(node, security, ADMIN)
    asyncio.run(provision_deployment(admin, prefix, partitions))
