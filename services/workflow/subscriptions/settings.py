"""Settings of the feed, webhooks and email (environment variables, read with Workflow's
own)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from shared.config import ServiceSettings
from shared.production import DEVELOPMENT_WEBHOOK_KEY, local_only, weak_secret


class SubscriptionSettings(ServiceSettings):
    """What the feed and webhook delivery read from the environment."""

    webhook_max_attempts: int = Field(
        8, ge=1, description="Failed attempts in a row after which a delivery is parked."
    )
    webhook_backoff_base_s: float = Field(
        1.0, ge=0, description="Wait after a webhook's first failure; doubles each time."
    )
    webhook_backoff_max_s: float = Field(300, ge=0, description="Longest wait between retries.")
    webhook_timeout_s: float = Field(10, gt=0, description="How long a receiver may take.")
    feed_poll_s: float = Field(
        2.0,
        gt=0,
        description="How often streams and webhooks look for new feed rows when "
        "no insert woke them (another Workflow process may have written them).",
    )
    webhook_receivers: str = Field(
        "",
        description="Comma-separated host names and CIDR ranges webhooks may be sent to "
        "(e.g. hooks.council.example,10.20.0.0/16). Outside local mode nothing else is; "
        "in local mode, empty means any public address.",
    )
    webhook_allowed_hosts: str = Field(
        "",
        description="Local mode only: webhook hosts allowed although they resolve to this "
        "machine or a special address (e.g. 127.0.0.1,localhost for local receivers).",
    )
    webhook_secret_key: SecretStr = Field(
        SecretStr(DEVELOPMENT_WEBHOOK_KEY),
        description="Seals webhook secrets in the database (any long random text; changing it "
        "makes existing subscriptions' secrets unreadable).",
    )
    feed_heartbeat_s: float = Field(
        15, gt=0, description="Seconds of quiet after which a stream sends a comment line."
    )
    smtp_host: str = Field(
        "", description="The council's mail server; empty: leads cannot subscribe by email."
    )
    smtp_port: int = Field(587, ge=1, le=65535, description="The mail server's port.")
    smtp_starttls: bool = Field(
        True, description="Switch to TLS (STARTTLS) before signing in and sending."
    )
    smtp_username: str = Field("", description="Sign in to the mail server as; empty: no sign-in.")
    smtp_password: SecretStr = Field(SecretStr(""), description="The mail server password.")
    smtp_timeout_s: float = Field(20, gt=0, description="How long the mail server may take.")
    email_from: str = Field(
        "One Council <onecouncil@council.example>", description="Who alerts and digests are from."
    )
    email_allowed_domains: str = Field(
        "",
        description="Comma-separated domains leads' alerts may go to (e.g. council.gov.uk); "
        "empty: any address.",
    )
    email_digest_hour: int = Field(
        7, ge=0, le=23, description="Hour (UTC) from which a due daily or weekly digest is sent."
    )
    chat_webhook_hosts: str = Field(
        "",
        description="Comma-separated hosts of Teams and Slack incoming webhooks leads may "
        "post to (e.g. council.webhook.office.com,hooks.slack.com); empty: none.",
    )
    console_url: str = Field(
        "http://localhost:8000", description="The console's address, for links in emails."
    )
    public_url: str = Field(
        "http://localhost:8003",
        description="Workflow's address as a lead's browser reaches it, for unsubscribe links.",
    )

    def production_refusals(self) -> list[str]:
        return [
            *super().production_refusals(),
            *weak_secret("WEBHOOK_SECRET_KEY", self.webhook_secret_key, DEVELOPMENT_WEBHOOK_KEY),
            *local_only("WEBHOOK_ALLOWED_HOSTS", self.webhook_allowed_hosts),
            *self._smtp_refusals(),
        ]

    def _smtp_refusals(self) -> list[str]:
        if self.smtp_host and self.smtp_password.get_secret_value() and not self.smtp_starttls:
            return ["SMTP_PASSWORD would cross the network in clear: set SMTP_STARTTLS=true"]
        return []
