"""The console's settings: where the service APIs are, sign-in options, the session secret."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr

from shared.config import ServiceSettings

ASSETS = Path(__file__).resolve().parent / "static" / "vendor"


class ConsoleSettings(ServiceSettings):
    """Shared settings (port, logging, JWT secret) plus the console's own.

    The Kafka and database settings it inherits are unused: the console only calls HTTP APIs.
    """

    signs_events: ClassVar[bool] = False  # the console publishes no events

    hr_api_url: str = Field("http://127.0.0.1:8001", description="Base URL of HR's API.")
    finance_api_url: str = Field("http://127.0.0.1:8002", description="Base URL of Finance's API.")
    workflow_api_url: str = Field(
        "http://127.0.0.1:8003", description="Base URL of Workflow's API."
    )
    console_dev_sign_in: bool = Field(
        False, description="Offer the local development sign-in page (choose any role)."
    )
    console_secure_cookies: bool = Field(
        False, description="Mark the session cookie Secure (set true behind HTTPS)."
    )
    console_assets_dir: str = Field(
        str(ASSETS), description="Vendored GOV.UK Frontend build (deploy/console/vendor.sh)."
    )
    console_bulk_chunk: int = Field(
        250, ge=1, le=5000, description="Rows per request when a bulk run is sent to HR."
    )
    oidc_client_id: str = Field("", description="The console's client id at the identity provider.")
    oidc_client_secret: SecretStr = Field(SecretStr(""), description="The console's client secret.")
    oidc_redirect_url: str = Field(
        "", description="This console's callback URL, e.g. https://console.example/sign-in/callback"
    )
    oidc_scopes: str = Field("openid profile email", description="Scopes asked for.")

    def production_refusals(self) -> list[str]:
        refusals = super().production_refusals()
        if self.console_dev_sign_in:
            refusals.append("CONSOLE_DEV_SIGN_IN lets anyone sign in as any role")
        if not self.console_secure_cookies:
            refusals.append("CONSOLE_SECURE_COOKIES is off (session cookies would go over HTTP)")
        return refusals

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_redirect_url)
