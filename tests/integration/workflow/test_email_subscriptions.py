"""Leads' email alerts and digests against the real Kafka and a real SMTP server (aiosmtpd on
127.0.0.1, started here): what arrives, refusals retried then parked and redelivered, a
day's digest, and the unsubscribe link; the same alerts as Teams and Slack cards, posted to a
local receiver standing in for a channel's incoming webhook.

One Workflow and one mail server for the module; each test subscribes its own address, and
the mailbox keeps each address's emails apart.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from services.workflow.subscriptions.smtp_client import NOT_ACCEPTED
from tests.conftest import token_for
from tests.integration.workflow.conftest import FakeClock, RunningWorkflow, running
from tests.integration.workflow.conftest import workflow_settings as settings_of
from tests.support.brokers import free_port
from tests.support.databases import NewDatabase
from tests.support.events import whole_move
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.kafka
START = date(2026, 5, 20)  # near the fake clock's 1 June: no transfer stalls
CS_TOKEN = token_for("department_lead", "CS", "lead-cs")
CS_LEAD = {"Authorization": f"Bearer {CS_TOKEN}"}
USER, PASSWORD = "onecouncil", "mail-password"


@dataclass
class Mailbox:
    """The mail server's side: who signed in, what it took, and addresses it turns away."""

    signed_in: list[str] = field(default_factory=list)
    received: list[EmailMessage] = field(default_factory=list)
    refusing: set[str] = field(default_factory=set)
    refused: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refusing:
            with self.lock:
                self.refused[address] = self.refused.get(address, 0) + 1
            return "451 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        message = message_from_bytes(bytes(envelope.content or b""), policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.received.append(message)
        return "250 OK"

    def authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        good = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if good:
            self.signed_in.append(USER)
        return AuthResult(success=good)

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [message for message in self.received if message["To"] == address]

    async def until(self, address: str, count: int) -> list[EmailMessage]:
        async def found() -> list[EmailMessage]:
            return self.to(address)

        return await eventually_async(found, lambda m: len(m) >= count, what=f"mail to {address}")


@dataclass
class Setting:
    workflow: RunningWorkflow
    mailbox: Mailbox


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def setting(kafka_bootstrap: str, new_database: NewDatabase) -> AsyncIterator[Setting]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=mailbox.authenticate,
        auth_require_tls=False,  # the test server has no certificate; production uses STARTTLS
    )
    controller.start()
    mail = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False,
            "smtp_username": USER, "smtp_password": PASSWORD, "smtp_timeout_s": 5,
            "webhook_backoff_base_s": 0.01, "webhook_backoff_max_s": 0.05,
            "webhook_max_attempts": 4, "feed_poll_s": 0.2,
            "console_url": "https://console.council.example",
            "chat_webhook_hosts": "127.0.0.1"}  # fmt: skip
    settings = settings_of(kafka_bootstrap, new_database("workflow"), **mail)
    try:
        async for workflow in running(settings, FakeClock()):
            yield Setting(workflow, mailbox)
    finally:
        controller.stop()


async def subscribe(workflow: RunningWorkflow, address: str | None, **extra: Any) -> dict[str, Any]:
    body = {"department": "CS", "email_address": address, **extra}
    created = await workflow.client.post("/subscriptions", json=body, headers=CS_LEAD)
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result


def moved(post: str) -> Callable[[httpx.Response], bool]:
    """The feed has the post's move completed (its last change)."""

    def ready(response: httpx.Response) -> bool:
        items = response.json()["items"]
        return any(i["aggregate_id"] == post and i["kind"] == "milestones" for i in items)

    return ready


def text_and_html(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


async def test_a_lead_is_emailed_at_once_for_each_alert_they_chose_with_links_and_no_more(
    setting: Setting,
) -> None:
    workflow, address = setting.workflow, "lead.alerts@council.example"
    created = await subscribe(workflow, address, alerts=["transfer_approved", "post_moved"])
    assert created["channel"] == "email" and created["alerts"] == [
        "transfer_approved",
        "post_moved",
    ]
    await workflow.send(whole_move(workflow.council, "41001", "T-41001", START, department="CS"))
    await workflow.send(whole_move(workflow.council, "41002", "T-41002", START, department="PLACE"))

    emails = await setting.mailbox.until(address, 2)
    subjects = sorted(email["Subject"] for email in emails)
    assert subjects == [
        "Post move completed: post 41001, Finance Officer (Children's Services)",
        "Transfer approved: post 41001, Finance Officer (Children's Services)",
    ]
    text, html = text_and_html(emails[0])
    assert "https://console.council.example/posts/41001" in text and "Unsubscribe: " in text
    assert "<h1>" in html and 'href="https://console.council.example/posts/41001"' in html
    assert emails[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert USER in setting.mailbox.signed_in  # it signed in to the mail server
    assert "41002" not in " ".join(subjects)  # PLACE's post is not CS's business


async def test_a_refusing_mail_server_is_retried_then_the_email_parked_and_redelivered(
    setting: Setting,
) -> None:
    workflow, mailbox, address = setting.workflow, setting.mailbox, "lead.busy@council.example"
    mailbox.refusing.add(address)
    created = await subscribe(workflow, address, alerts=["transfer_approved"])
    path = f"/subscriptions/{created['subscription_id']}/parked"
    await workflow.send(whole_move(workflow.council, "42001", "T-42001", START, department="CS"))

    parked = (await workflow.until(path, lambda r: bool(r.json()["parked"]), token=CS_TOKEN))[
        "parked"
    ]
    assert [(p["event_type"], p["attempts"], p["last_error"]) for p in parked] == [
        ("TransferApproved", 4, NOT_ACCEPTED)
    ]
    assert mailbox.refused[address] == 4 and mailbox.to(address) == []
    trial = f"/subscriptions/{created['subscription_id']}/test-message"
    tried = await workflow.client.post(trial, headers=CS_LEAD)
    assert tried.json() == {"sent": False, "reason": NOT_ACCEPTED}  # once, at once, not parked

    mailbox.refusing.discard(address)
    redo = f"{path}/{parked[0]['delivery_id']}/redeliver"
    assert (await workflow.client.post(redo, headers=CS_LEAD)).status_code == 202
    (email,) = await mailbox.until(address, 1)
    assert email["X-OneCouncil-Delivery"] == parked[0]["delivery_id"]
    assert email["Subject"].startswith("Transfer approved: post 42001")
    after = await workflow.until(path, lambda r: r.json()["parked"] == [], token=CS_TOKEN)
    assert after == {"parked": []}


async def test_the_days_other_changes_come_next_morning_in_one_digest_then_unsubscribe_ends_it(
    setting: Setting,
) -> None:
    workflow, mailbox, address = setting.workflow, setting.mailbox, "lead.digest@council.example"
    created = await subscribe(
        workflow,
        address,
        alerts=["transfer_approved"],
        digest="daily",
        kinds=["posts", "transfers"],
    )
    await workflow.send(whole_move(workflow.council, "43001", "T-43001", START, department="CS"))
    (alert,) = await mailbox.until(address, 1)  # the approval, at once
    await workflow.until("/feed?department=CS&limit=1000", moved("43001"))

    workflow.clock.now += timedelta(days=1)  # 2 June 2026, 12:00: the digest is due
    digest = (await mailbox.until(address, 2))[1]
    assert digest["Subject"].startswith("Children's Services: daily digest, 1 June 2026 (")
    text, html = text_and_html(digest)
    assert "Post registered: post 43001, Finance Officer" in text
    assert "Transfer proposed: post 43001, Finance Officer" in text
    assert "Transfer approved" not in text  # it came at once
    assert "Budget moved" not in text and "Post move completed" not in text  # not chosen
    assert "<h2>Posts (1)</h2>" in html

    link = urlsplit(alert["List-Unsubscribe"].strip("<>")).path
    transport = httpx.ASGITransport(app=workflow.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://workflow") as signed_out:
        page = await signed_out.get(link)
        assert page.status_code == 200 and f"Stop the One Council emails to {address}" in page.text
        done = await signed_out.post(link)
        assert done.status_code == 200 and "You are unsubscribed" in done.text
        forged = await signed_out.post(link[:-3] + "xyz")
        assert forged.status_code == 404 and "not valid" in forged.text
    subscription = f"/subscriptions/{created['subscription_id']}"
    assert (await workflow.client.get(subscription, headers=CS_LEAD)).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ({"department": "PLACE", "email_address": "lead@council.example", "digest": "weekly"},
         403, "department leads subscribe only to their own department (CS), not PLACE"),
        ({"department": "CS", "email_address": "lead at council", "digest": "daily"},
         422, "is not an email address like name@council.gov.uk"),
        ({"department": "CS", "email_address": "lead@council.example"},
         422, "choose at least one alert, or a daily or weekly digest"),
        ({"department": "CS", "alerts": ["post_stalled"]},
         422, "alerts and digests need an email_address or a chat_url"),
        ({"department": "CS", "email_address": "lead@council.example", "digest": "daily",
          "webhook_url": "http://127.0.0.1:9/hook"},
         422, "one channel per subscription: a webhook_url, an email_address or a chat_url"),
    ],
)  # fmt: skip
async def test_an_email_subscription_it_cannot_take_is_refused_with_the_reason_and_not_kept(
    setting: Setting, body: dict[str, Any], status: int, reason: str
) -> None:
    client = setting.workflow.client
    before = (await client.get("/subscriptions", headers=CS_LEAD)).json()
    refused = await client.post("/subscriptions", json=body, headers=CS_LEAD)
    assert refused.status_code == status and reason in refused.text, refused.text
    assert (await client.get("/subscriptions", headers=CS_LEAD)).json() == before


class ChatReceiver:
    """A channel's incoming webhook on 127.0.0.1: keeps what is posted, answers 200."""

    def __init__(self) -> None:
        self.posted: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.posted.append({"path": self.path, "body": json.loads(body)})
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"1")

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    async def until(self, path: str, count: int) -> list[dict[str, Any]]:
        async def found() -> list[dict[str, Any]]:
            return [p["body"] for p in self.posted if p["path"] == path]

        return await eventually_async(found, lambda b: len(b) >= count, what=f"posts to {path}")


async def test_the_same_alerts_reach_teams_as_an_adaptive_card_and_slack_as_blocks(
    setting: Setting,
) -> None:
    workflow, receiver = setting.workflow, ChatReceiver()
    try:
        teams_url = f"http://127.0.0.1:{receiver.port}/teams/secret-part"
        teams = await subscribe(workflow, None, chat="teams", chat_url=teams_url,
                                alerts=["transfer_approved"])  # fmt: skip
        assert teams["channel"] == "teams" and "secret-part" not in json.dumps(teams)
        slack_url = f"http://127.0.0.1:{receiver.port}/slack"
        await subscribe(workflow, None, chat="slack", chat_url=slack_url, alerts=["post_moved"])
        await workflow.send(whole_move(workflow.council, "44001", "T-44001", START))

        (message,) = await receiver.until("/teams/secret-part", 1)
        (attachment,) = message["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        card = attachment["content"]
        assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
        assert card["body"][0]["text"] == (
            "Transfer approved: post 44001, Finance Officer (Children's Services)"
        )
        assert card["actions"][0]["url"] == "https://console.council.example/posts/44001"

        (posted,) = await receiver.until("/slack", 1)
        assert posted["text"].startswith("Post move completed: post 44001, Finance Officer")
        header, section = posted["blocks"]
        assert header["type"] == "header"
        assert section["text"]["text"] == (
            "<https://console.council.example/posts/44001|"
            "Post move completed: post 44001, Finance Officer>"
        )
        trial = f"/subscriptions/{teams['subscription_id']}/test-message"
        assert (await workflow.client.post(trial, headers=CS_LEAD)).json() == {"sent": True}
        tested = (await receiver.until("/teams/secret-part", 2))[1]
        assert tested["attachments"][0]["content"]["body"][0]["text"] == (
            "Test message: your subscription works (Children's Services)"
        )
    finally:
        receiver.server.shutdown()


async def test_a_chat_webhook_at_a_host_not_on_the_allow_list_is_refused_and_not_kept(
    setting: Setting,
) -> None:
    client = setting.workflow.client
    body = {"department": "CS", "chat": "teams", "alerts": ["wave_slipped"],
            "chat_url": "https://203.0.113.7/webhook"}  # fmt: skip
    refused = await client.post("/subscriptions", json=body, headers=CS_LEAD)
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "webhook host 203.0.113.7 is not one of this council's webhook receivers: "
        "an operator lists receivers in CHAT_WEBHOOK_HOSTS"
    )
