"""How every Kafka client of the project authenticates: one settings object, one function.

`KafkaAccess` is read from the environment (`KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_USERNAME`,
`KAFKA_SASL_PASSWORD`, `KAFKA_SSL_CAFILE`, ...); `kafka_security` turns it into the
FastStream security object, and `client_options` into the keyword arguments of any
aiokafka producer, consumer or admin client, so the FastStream broker, the outbox relay,
topic provisioning, the audit reader and the benchmarks all connect the same way.
"""

from __future__ import annotations

import ssl
from typing import Any, Literal

from faststream.kafka.security import parse_security
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Protocol = Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"]
Mechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"]
_SASL: dict[str, type[SASLScram512 | SASLScram256 | SASLPlaintext]] = {
    "SCRAM-SHA-512": SASLScram512,
    "SCRAM-SHA-256": SASLScram256,
    "PLAIN": SASLPlaintext,
}


class KafkaAccess(BaseSettings):
    """Where the broker is and who this process is to it."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", description="Comma-separated Kafka bootstrap servers."
    )
    kafka_security_protocol: Protocol = Field(
        "PLAINTEXT",
        description="SASL_SSL (authenticated and encrypted; what `deploy.kafka start --secure` "
        "serves), SASL_PLAINTEXT, or PLAINTEXT (local mode only unless KAFKA_ALLOW_PLAINTEXT).",
    )
    kafka_sasl_mechanism: Mechanism = Field(
        "SCRAM-SHA-512", description="SASL mechanism of the broker's client listener."
    )
    kafka_sasl_username: str = Field(
        "", description="This service's Kafka principal (hr, finance, workflow, auditor)."
    )
    kafka_sasl_password: SecretStr = Field(
        SecretStr(""), description="That principal's SCRAM password."
    )
    kafka_ssl_cafile: str = Field(
        "", description="PEM file of the CA that signed the broker's certificate (SASL_SSL)."
    )
    kafka_allow_plaintext: bool = Field(
        False,
        description="Let a production service talk to Kafka without authentication and "
        "encryption (a broker on a private network the operator vouches for).",
    )

    def kafka_refusals(self) -> list[str]:
        """Why this Kafka access must not be used outside local mode (empty: it may)."""
        if self.kafka_security_protocol == "PLAINTEXT" and not self.kafka_allow_plaintext:
            return [
                "KAFKA_SECURITY_PROTOCOL is PLAINTEXT: anyone who reaches the broker could write "
                "as this service; use SASL_SSL, or set KAFKA_ALLOW_PLAINTEXT=true on purpose"
            ]
        if self.kafka_security_protocol != "PLAINTEXT" and not self.kafka_sasl_username:
            return ["KAFKA_SASL_USERNAME is empty: SASL needs this service's principal"]
        return []


def kafka_security(access: KafkaAccess) -> BaseSecurity | None:
    """The FastStream security object for this access; None on plaintext."""
    if access.kafka_security_protocol == "PLAINTEXT":
        return None
    context = None
    if access.kafka_security_protocol == "SASL_SSL":
        # The default context verifies the certificate and the host name against it.
        context = ssl.create_default_context(cafile=access.kafka_ssl_cafile or None)
    sasl = _SASL[access.kafka_sasl_mechanism]
    return sasl(
        access.kafka_sasl_username,
        access.kafka_sasl_password.get_secret_value(),
        ssl_context=context,
        use_ssl=context is not None,
    )


def client_options(target: KafkaAccess | str) -> dict[str, Any]:
    """Keyword arguments for an aiokafka producer, consumer or admin client.

    Given bare bootstrap servers, the rest (who this process is) comes from the environment.
    """
    access = target if isinstance(target, KafkaAccess) else access_to(target)
    return {
        "bootstrap_servers": access.kafka_bootstrap_servers,
        **parse_security(kafka_security(access)),
    }


def access_to(bootstrap_servers: str) -> KafkaAccess:
    """This process's access (security from the environment) to the given servers."""
    return KafkaAccess(kafka_bootstrap_servers=bootstrap_servers)
