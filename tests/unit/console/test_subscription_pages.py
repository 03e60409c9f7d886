"""A department lead manages their department's subscriptions in the console."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.unit.console.fakes import FakeApis, console, csrf_of, signed_in

HOOK = {"subscription_id": "S-1", "department": "CS", "kinds": ["transfers", "budgets"],
        "webhook_url": "https://hooks.example.gov.uk/cs", "description": "CS case system",
        "created_by": "lead-cs", "created_at": "2026-11-02T09:30:00+00:00"}  # fmt: skip
PARKED = {"delivery_id": "D-1", "subscription_id": "S-1", "feed_id": 7, "event_id": "e-1",
          "event_type": "TransferApproved", "status": "parked", "attempts": 8,
          "last_error": "connection refused to 10.0.0.5:443",
          "parked_at": "2026-11-03T10:00:00"}  # fmt: skip


def _apis() -> FakeApis:
    fakes = FakeApis()
    fakes.answer("GET", "/subscriptions", {"subscriptions": [HOOK]})
    fakes.answer("GET", "/subscriptions/S-1", HOOK)
    fakes.answer("GET", "/subscriptions/S-1/parked", {"parked": [PARKED]})
    fakes.answer("DELETE", "/subscriptions/S-1", None, status=204)
    fakes.answer("POST", "/subscriptions/S-1/parked/D-1/redeliver", {"status": "queued"}, 202)
    return fakes


def _sent(fakes: FakeApis, method: str, path: str) -> list[httpx.Request]:
    return [r for r in fakes.calls if r.method == method and r.url.path == path]


def test_a_lead_sees_their_subscriptions_and_subscribes_seeing_the_secret_once(
    tmp_path: Path,
) -> None:
    fakes = _apis()
    made = {**HOOK, "subscription_id": "S-2", "secret": "ab" * 32}
    fakes.answer("POST", "/subscriptions", made, status=201)
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    page = client.get("/lead/subscriptions").text
    assert "CS case system" in page and "transfers, budgets" in page
    assert 'href="/lead/subscriptions" aria-current="true"' in page
    form = {"csrf_token": csrf_of(page), "kind-transfers": "yes", "description": "Case system",
            "webhook_url": "https://hooks.example.gov.uk/cs"}  # fmt: skip
    answer = client.post("/lead/subscriptions", data=form)
    assert answer.status_code == 200 and "ab" * 32 in answer.text
    body: dict[str, Any] = fakes.bodies("/subscriptions")[-1]
    assert body == {"department": "CS", "kinds": ["transfers"], "description": "Case system",
                    "webhook_url": "https://hooks.example.gov.uk/cs"}  # fmt: skip


def test_a_subscription_needs_a_kind_and_workflows_refusal_is_shown_by_the_address(
    tmp_path: Path,
) -> None:
    fakes = _apis()
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    token = csrf_of(client.get("/lead/subscriptions").text)
    none = client.post("/lead/subscriptions", data={"csrf_token": token})
    assert none.status_code == 400 and "Select at least one kind of change" in none.text
    refusal = {"detail": "webhook receivers must be on a host the council allows"}
    fakes.answer("POST", "/subscriptions", refusal, status=422)
    form = {"csrf_token": token, "kind-posts": "yes", "webhook_url": "https://x.example"}
    shown = client.post("/lead/subscriptions", data=form)
    assert shown.status_code == 400 and 'href="#webhook_url"' in shown.text


def test_a_lead_stops_a_subscription_and_sends_a_parked_delivery_again(tmp_path: Path) -> None:
    fakes = _apis()
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    page = client.get("/lead/subscriptions/S-1").text
    assert "TransferApproved" in page and "Delivery failed" in page
    assert "10.0.0.5" not in page  # network detail is for operators' logs
    again = client.post("/lead/subscriptions/S-1/parked/D-1", data={"csrf_token": csrf_of(page)})
    assert again.headers["location"] == "/lead/subscriptions/S-1"
    assert _sent(fakes, "POST", "/subscriptions/S-1/parked/D-1/redeliver")
    stop = client.post("/lead/subscriptions/S-1/stop", data={"csrf_token": csrf_of(page)})
    assert stop.headers["location"] == "/lead/subscriptions"
    assert _sent(fakes, "DELETE", "/subscriptions/S-1")


def test_only_a_lead_manages_subscriptions(tmp_path: Path) -> None:
    client = signed_in(console(_apis(), tmp_path), "auditor")
    assert client.get("/lead/subscriptions").status_code == 403


EMAIL = {**HOOK, "subscription_id": "S-3", "channel": "email", "webhook_url": None,
         "email_address": "lead.cs@council.example", "alerts": ["post_stalled"],
         "digest": "weekly", "description": "My inbox"}  # fmt: skip


def test_a_lead_subscribes_by_email_choosing_alerts_and_a_digest_and_sends_a_test(
    tmp_path: Path,
) -> None:
    fakes = _apis()
    fakes.answer("GET", "/subscriptions", {"subscriptions": [HOOK, EMAIL]})
    fakes.answer("POST", "/subscriptions", EMAIL, status=201)
    refused = {"sent": False, "reason": "not sent: the mail server did not accept the email"}
    fakes.answer("POST", "/subscriptions/S-3/test-message", refused)
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    page = client.get("/lead/subscriptions").text
    assert "Email: lead.cs@council.example" in page and "Weekly digest of the rest" in page
    assert "Send a test message" in page
    form = {"csrf_token": csrf_of(page), "kind-transfers": "yes", "channel": "email",
            "email_address": "lead.cs@council.example", "alert-post_stalled": "yes",
            "alert-wave_slipped": "yes", "digest": "weekly",
            "webhook_url": "https://left.over.example"}  # fmt: skip
    assert client.post("/lead/subscriptions", data=form).status_code == 200
    assert fakes.bodies("/subscriptions")[-1] == {
        "department": "CS", "kinds": ["transfers"], "description": "",
        "email_address": "lead.cs@council.example",
        "alerts": ["post_stalled", "wave_slipped"], "digest": "weekly",
    }  # fmt: skip
    tried = client.post("/lead/subscriptions/S-3/test", data={"csrf_token": csrf_of(page)})
    assert tried.headers["location"] == "/lead/subscriptions"
    shown = client.get("/lead/subscriptions").text
    assert "Test message not sent: the mail server did not accept the email" in shown


def test_a_teams_subscription_sends_its_channel_and_a_refused_host_is_shown_by_that_field(
    tmp_path: Path,
) -> None:
    fakes = _apis()
    refusal = {"detail": "webhook host x.example is not one of this council's webhook receivers"}
    fakes.answer("POST", "/subscriptions", refusal, status=422)
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    form = {"csrf_token": csrf_of(client.get("/lead/subscriptions").text), "kind-posts": "yes",
            "channel": "teams", "chat_url": "https://x.example/hook",
            "alert-transfer_approved": "yes"}  # fmt: skip
    shown = client.post("/lead/subscriptions", data=form)
    assert shown.status_code == 400 and 'href="#chat_url"' in shown.text
    assert fakes.bodies("/subscriptions")[-1]["chat"] == "teams"
