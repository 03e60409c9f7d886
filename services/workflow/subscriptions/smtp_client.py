"""Sending one email to the council's mail server (SMTP, STARTTLS, sign-in), in a worker
thread: the standard library's client blocks."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from services.workflow.subscriptions.webhook_client import Failure

# What a lead is shown: the server's own words stay in the operators' log.
NOT_ACCEPTED = "not sent: the mail server did not accept the email"


@dataclass(frozen=True, slots=True, kw_only=True)
class MailServer:
    """Where and how to hand emails over (settings SMTP_*)."""

    host: str
    port: int
    starttls: bool
    username: str
    password: str
    timeout_s: float


async def send_email(server: MailServer, message: EmailMessage) -> Failure | None:
    """Hand the email to the server; None when it took it, else what went wrong."""
    try:
        await asyncio.to_thread(_send, server, message)
    except smtplib.SMTPRecipientsRefused as refused:
        codes = ", ".join(f"{code} {text!r}" for code, text in refused.recipients.values())
        return Failure(shown=NOT_ACCEPTED, detail=f"the mail server refused the address: {codes}")
    except smtplib.SMTPResponseException as error:
        detail = f"the mail server answered {error.smtp_code} {error.smtp_error!r}"
        return Failure(shown=NOT_ACCEPTED, detail=detail)
    except (smtplib.SMTPException, OSError) as error:
        detail = f"could not reach the mail server: {type(error).__name__}: {error}"
        return Failure(shown=NOT_ACCEPTED, detail=detail)
    return None


def _send(server: MailServer, message: EmailMessage) -> None:
    with smtplib.SMTP(server.host, server.port, timeout=server.timeout_s) as smtp:
        if server.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if server.username:
            smtp.login(server.username, server.password)
        smtp.send_message(message)
