"""Leads' subscriptions against the real Kafka: the feed, the live stream and webhooks.

Workflow runs in-process behind a real uvicorn on 127.0.0.1 (streams need a real socket);
tests write HR, Finance and redesign events straight to the topics; webhook receivers are
tiny HTTP servers in threads.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import pytest_asyncio
import uvicorn
from sqlalchemy import select

from services.workflow.app import create_app
from services.workflow.entrypoints.watch_cli import Frame, sse_frames
from services.workflow.subscriptions.signing import verify_signature
from services.workflow.subscriptions.stream import TOKEN_EXPIRED
from services.workflow.subscriptions.tables import subscriptions
from services.workflow.subscriptions.webhook_client import FAILED
from shared.auth import mint_token
from shared.events import redesign
from shared.persistence.engine import make_engine
from tests.conftest import token_for
from tests.integration.workflow.conftest import FakeClock, send, workflow_settings
from tests.support.brokers import free_port
from tests.support.databases import NewDatabase
from tests.support.events import Council, Document, registered, whole_move
from tests.support.in_process import upgrade_database_of
from tests.support.services import JWT_SECRET
from tests.support.waiting import eventually_async, eventually_get_async

pytestmark = pytest.mark.kafka
START = date(2026, 5, 20)  # near the fake clock's 1 June: no transfer stalls
CS_LEAD = {"Authorization": f"Bearer {token_for('department_lead', 'CS', 'lead-cs')}"}
PLACE_LEAD = {"Authorization": f"Bearer {token_for('department_lead', 'PLACE', 'lead-place')}"}
AUDITOR = {"Authorization": f"Bearer {token_for('auditor', user_id='auditor-1')}"}
FAST = {
    "webhook_backoff_base_s": 0.01,
    "webhook_backoff_max_s": 0.05,
    "feed_poll_s": 0.2,
    "feed_heartbeat_s": 0.3,
    "webhook_timeout_s": 5,
    "webhook_max_attempts": 5,
    "webhook_allowed_hosts": "127.0.0.1",
}  # fmt: skip  (the tests' receivers)


@dataclass
class Service:
    """Workflow on a real port, and ways to write events and read its feed."""

    url: str
    bootstrap: str
    prefix: str
    database_url: str
    council: Council = field(default_factory=Council)

    async def move(self, post: str, department: str) -> list[Document]:
        """Every event of a post's whole move, written to the topics; returns them."""
        documents = whole_move(self.council, post, f"T-{post}", START, department=department)
        await self.send(documents)
        return documents

    async def send(self, documents: list[Document]) -> None:
        await send(self.bootstrap, self.prefix, documents)

    async def feed(self, department: str, count: int) -> list[dict[str, Any]]:
        """The department's whole feed (as an auditor), once it has `count` items."""
        async with httpx.AsyncClient(base_url=self.url, headers=AUDITOR) as client:
            page = await eventually_get_async(
                client,
                "/feed",
                lambda r: len(r.json()["items"]) >= count,
                params={"department": department, "limit": 1000},
            )
        items: list[dict[str, Any]] = page.json()["items"]
        return items


@pytest_asyncio.fixture(loop_scope="session")
async def service(kafka_bootstrap: str, new_database: NewDatabase) -> AsyncIterator[Service]:
    database_url = new_database("workflow")
    settings = workflow_settings(kafka_bootstrap, database_url, **FAST)
    app = create_app(settings, FakeClock())
    await upgrade_database_of(app)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False,
                            lifespan="on", timeout_graceful_shutdown=1)  # fmt: skip
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        assert not task.done(), "workflow did not start"
        return bool(server.started)

    await eventually_async(started, what="workflow listening", interval=0.02)
    yield Service(f"http://127.0.0.1:{port}", kafka_bootstrap, settings.topic_prefix, database_url)
    server.should_exit = True
    await task


class Receiver:
    """A webhook receiver on 127.0.0.1: answers 500 to the first `failures` posts, then 200."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.accepted: list[tuple[dict[str, str], bytes]] = []
        self.attempts = 0
        self.hold = threading.Event()
        self.hold.set()
        self._lock = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.hold.wait(30)
                with receiver._lock:
                    receiver.attempts += 1
                    failing = receiver.failures > 0
                    receiver.failures -= failing
                    if not failing:
                        headers = {key.lower(): value for key, value in self.headers.items()}
                        receiver.accepted.append((headers, body))
                        receiver._lock.notify_all()
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    async def until(self, ready: Callable[[list[dict[str, Any]]], bool]) -> list[dict[str, Any]]:
        async def bodies() -> list[dict[str, Any]]:
            return self.bodies()

        return await eventually_async(bodies, ready, what="webhook bodies", interval=0.05)

    async def tried(self, times: int) -> None:
        """Wait until the service has posted to this receiver `times` times (either answer)."""

        async def attempts() -> int:
            return self.attempts

        await eventually_async(attempts, lambda n: n >= times, what="webhook attempts")

    def bodies(self) -> list[dict[str, Any]]:
        with self._lock:
            return [json.loads(body) for _, body in self.accepted]

    def close(self) -> None:
        self.hold.set()
        self.server.shutdown()


def stored_secret(service: Service, subscription_id: str) -> str:
    """The secret column as the database holds it."""
    engine = make_engine(service.database_url)
    try:
        with engine.connect() as connection:
            query = select(subscriptions.c.secret).where(
                subscriptions.c.subscription_id == subscription_id
            )
            return str(connection.scalar(query))
    finally:
        engine.dispose()


async def subscribe(service: Service, receiver: Receiver | None, **extra: Any) -> dict[str, Any]:
    body = {"department": "Children's Services", **extra}
    if receiver:
        body["webhook_url"] = receiver.url
    async with httpx.AsyncClient(base_url=service.url, headers=CS_LEAD) as client:
        created = await client.post("/subscriptions", json=body)
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result


class Stream:
    """An open SSE connection, read frame by frame."""

    def __init__(self, frames: AsyncIterator[Frame], heartbeats: list[int]) -> None:
        self._frames, self.heartbeats = frames, heartbeats

    async def to_the_end(self) -> list[Frame]:
        """Every frame until the server ends the stream."""
        return [frame async for frame in self._frames]

    async def events(self, count: int) -> list[dict[str, Any]]:
        return [await self.next_event() for _ in range(count)]

    async def next_event(self) -> dict[str, Any]:
        frame = await asyncio.wait_for(anext(self._frames), 30)
        assert frame.event != "heartbeat", "expected an event, the stream went quiet"
        notification: dict[str, Any] = json.loads("\n".join(frame.data))
        assert str(notification["feed_id"]) == frame.id
        return notification

    async def rest_until_quiet(self) -> list[dict[str, Any]]:
        """Every event sent before the next heartbeat (the stream sends it only when idle)."""
        found: list[dict[str, Any]] = []
        try:
            async with asyncio.timeout(30):
                while (frame := await anext(self._frames)).event != "heartbeat":
                    found.append(json.loads("\n".join(frame.data)))
        except TimeoutError:
            raise AssertionError(f"the stream never went quiet; it sent {found}") from None
        return found


async def _lines_with_heartbeats(lines: AsyncIterator[str]) -> AsyncIterator[str]:
    # Turn `: heartbeat` comments into frames the tests can see.
    async for line in lines:
        if line == ": heartbeat":
            yield "event: heartbeat"
            yield "data: {}"
            yield ""
        elif not line.startswith(": connected"):
            yield line


async def open_stream(
    service: Service, headers: dict[str, str], last_id: int | None = None, **params: str
) -> tuple[Stream, Callable[[], Any]]:
    client = httpx.AsyncClient(base_url=service.url, timeout=httpx.Timeout(10, read=None))
    resume = {"Last-Event-ID": str(last_id)} if last_id is not None else {}
    context = client.stream("GET", "/feed/stream", params=params, headers={**headers, **resume})
    response = await context.__aenter__()
    assert response.status_code == 200, await response.aread()
    assert response.headers["content-type"].startswith("text/event-stream")
    lines = response.aiter_lines()
    first = await anext(lines)
    assert first.startswith("retry:")  # the stream has fixed where it starts
    stream = Stream(sse_frames(_lines_with_heartbeats(lines)), [])

    async def close() -> None:
        await context.__aexit__(None, None, None)
        await client.aclose()

    return stream, close


def identified(council: Council, candidate: str, departments: list[str]) -> Document:
    return council.redesign(
        redesign.CandidateIdentified(
            candidate_id=candidate, process_id="P-ICT-1", team="ICT", kind="automate",
            title="Automate invoice matching", automation_potential_percent=40, ease=4,
            departments=departments,
        ),
        producer="workflow",
    )  # fmt: skip


def approved(council: Council, candidate: str) -> Document:
    return council.redesign(redesign.CandidateApproved(candidate_id=candidate), "workflow")


def ids_of(notifications: list[dict[str, Any]]) -> list[str]:
    return [notification["event"]["event_id"] for notification in notifications]


async def test_a_lead_receives_all_and_only_their_departments_events_live_and_by_webhook(
    service: Service,
) -> None:
    receiver = Receiver()
    try:
        subscription = await subscribe(service, receiver, description="CS changes")
        assert len(subscription["secret"]) == 64 and subscription["department"] == "CS"
        stored = stored_secret(service, subscription["subscription_id"])
        assert stored.startswith("v1:") and subscription["secret"] not in stored  # sealed
        stream, close = await open_stream(service, CS_LEAD)
        council = service.council
        cs = await service.move("31001", "CS")
        place = await service.move("31002", "PLACE")
        cs_candidate = [identified(council, "C-31", ["CS"]), approved(council, "C-31")]
        place_candidate = [identified(council, "C-32", ["PLACE"]), approved(council, "C-32")]
        await service.send(cs_candidate + place_candidate)

        live = await stream.events(11)  # 8 of the move, its milestone, 2 of the candidate
        assert len(await service.feed("PLACE", 11)) == 11  # PLACE's are in the feed too...
        live += await stream.rest_until_quiet()  # ...yet the CS stream sent none of them
        await close()

        assert {n["department"] for n in live} == {"CS"}
        assert len(ids_of(live)) == len(set(ids_of(live))) == 11
        assert {d["event_id"] for d in cs + cs_candidate} < set(ids_of(live))
        assert not set(ids_of(live)) & {d["event_id"] for d in place + place_candidate}
        milestone = [n for n in live if n["kind"] == "milestones"]
        assert [(m["event_type"], m["aggregate_id"]) for m in milestone] == [
            ("PostMoveCompleted", "31001")
        ]
        # Topics are read by different consumers: no order across topics, only within one.
        registration = next(n for n in live if n["event_type"] == "PostRegistered")
        assert registration["summary"].startswith("Finance Officer (Grade 7, 1.0 FTE) registered")

        hooked = await receiver.until(lambda bodies: len(bodies) >= 11)
        assert ids_of(hooked) == ids_of(live)  # the same items, in the same (feed) order
        for headers, body in receiver.accepted:
            assert verify_signature(subscription["secret"], headers["x-onecouncil-signature"], body)
            assert headers["x-onecouncil-event-id"] == json.loads(body)["event"]["event_id"]
            assert headers["x-onecouncil-delivery"]
    finally:
        receiver.close()


async def test_a_receiver_that_fails_three_times_then_recovers_gets_each_event_once_in_order(
    service: Service,
) -> None:
    receiver = Receiver(failures=3)
    try:
        subscription = await subscribe(service, receiver, kinds=["posts", "transfers", "budgets"])
        sent = await service.move("32001", "CS") + await service.move("32002", "CS")
        await receiver.until(lambda bodies: len(bodies) >= 16)
        # A last event: deliveries are in feed order, so once it is in, all before it are.
        last = [service.council.event(registered("32003"), START)]
        await service.send(last)
        got = await receiver.until(lambda bodies: last[0]["event_id"] in ids_of(bodies))

        assert sorted(ids_of(got)) == sorted(d["event_id"] for d in sent + last)  # each once
        for post in ("32001", "32002"):
            for stream in ("post", "post_budget"):
                sequences = [
                    n["event"]["sequence"] for n in got
                    if n["aggregate_id"] == post and n["event"]["aggregate_type"] == stream
                ]  # fmt: skip
                assert sequences == list(range(1, len(sequences) + 1)), (post, stream)
        assert receiver.attempts == len(got) + 3
        async with httpx.AsyncClient(base_url=service.url, headers=CS_LEAD) as client:
            parked = await client.get(f"/subscriptions/{subscription['subscription_id']}/parked")
        assert parked.json() == {"parked": []}
    finally:
        receiver.close()


async def test_a_delivery_that_keeps_failing_is_parked_and_the_lead_can_redeliver_it(
    service: Service,
) -> None:
    receiver = Receiver(failures=5)  # as many as the service's attempts: the first is parked
    try:
        subscription = await subscribe(service, receiver, kinds=["posts"])
        parked_path = f"/subscriptions/{subscription['subscription_id']}/parked"
        first, second = (
            service.council.event(registered(post), START) for post in ("33001", "33002")
        )
        # The two posts may sit on different partitions: the second is sent once the first
        # has reached the receiver, so the feed (and the worker) holds them in this order.
        await service.send([first])
        await receiver.tried(times=1)
        await service.send([second])
        got = await receiver.until(lambda bodies: len(bodies) >= 1)
        assert ids_of(got) == [second["event_id"]]  # the worker went on past the parked one

        async with httpx.AsyncClient(base_url=service.url, headers=CS_LEAD) as client:
            parked = (await client.get(parked_path)).json()["parked"]
            assert [(p["event_id"], p["attempts"], p["status"]) for p in parked] == [
                (first["event_id"], 5, "parked")
            ]
            # The lead sees that it failed, not how (the operator's log has the HTTP 500).
            assert parked[0]["last_error"] == FAILED
            other = await client.get(parked_path, headers=PLACE_LEAD)
            assert other.status_code == 403

            redeliver = f"{parked_path}/{parked[0]['delivery_id']}/redeliver"
            assert (await client.post(redeliver, headers=PLACE_LEAD)).status_code == 403
            queued = await client.post(redeliver)
            assert queued.status_code == 202 and queued.json()["status"] == "queued"
            got = await receiver.until(lambda bodies: len(bodies) >= 2)
            assert ids_of(got) == [second["event_id"], first["event_id"]]
            assert receiver.accepted[1][0]["x-onecouncil-delivery"] == parked[0]["delivery_id"]
            # Settled as redelivered once the worker records it.
            await eventually_get_async(client, parked_path, lambda r: not r.json()["parked"])
            again = await client.post(redeliver)
            assert again.status_code == 409 and "not parked" in again.json()["detail"]
    finally:
        receiver.close()


async def test_a_slow_receiver_does_not_hold_up_another_subscriptions_deliveries(
    service: Service,
) -> None:
    slow, fast = Receiver(), Receiver()
    slow.hold.clear()  # the slow receiver sits on its first request until released
    try:
        await subscribe(service, slow, kinds=["posts", "transfers", "budgets"])
        await subscribe(service, fast, kinds=["posts", "transfers", "budgets"])
        sent = await service.move("35001", "CS")
        got = await fast.until(lambda bodies: len(bodies) >= len(sent))
        assert set(ids_of(got)) == {d["event_id"] for d in sent}
        assert slow.accepted == []
        slow.hold.set()
        caught_up = await slow.until(lambda bodies: len(bodies) >= len(sent))
        assert set(ids_of(caught_up)) == {d["event_id"] for d in sent}
    finally:
        slow.close()
        fast.close()


async def test_resuming_the_stream_with_last_event_id_gives_no_gap_and_no_repeat(
    service: Service,
) -> None:
    await service.move("34001", "CS")
    await service.feed("CS", 9)
    stream, close = await open_stream(service, CS_LEAD, last_id=0)
    before_drop = await stream.events(3)
    await close()  # the connection drops after three events

    await service.move("34002", "CS")
    everything = await service.feed("CS", 18)
    stream, close = await open_stream(service, CS_LEAD, last_id=before_drop[-1]["feed_id"])
    after_drop = await stream.rest_until_quiet()
    await close()
    assert [n["feed_id"] for n in before_drop + after_drop] == [n["feed_id"] for n in everything]
    assert len(everything) == 18

    milestones, close = await open_stream(service, AUDITOR, 0, department="CS", kinds="milestones")
    only = await milestones.rest_until_quiet()
    await close()
    assert [(n["event_type"], n["aggregate_id"]) for n in only] == [
        ("PostMoveCompleted", "34001"),
        ("PostMoveCompleted", "34002"),
    ]


async def test_a_stream_ends_when_its_token_does_and_a_malformed_resume_id_is_refused(
    service: Service,
) -> None:
    brief = mint_token(JWT_SECRET, "lead", "department_lead", "CS", ttl=timedelta(seconds=2))
    stream, close = await open_stream(service, {"Authorization": f"Bearer {brief}"}, 0)
    try:
        async with asyncio.timeout(30):
            frames = await stream.to_the_end()
    finally:
        await close()
    assert frames[-1].event == TOKEN_EXPIRED
    async with httpx.AsyncClient(base_url=service.url, headers=CS_LEAD) as client:
        for malformed in ("\u00b2".encode(), b"1" * 40, b"-1", b"abc"):  # ² passes isdigit()
            refused = await client.get("/feed/stream", headers={"Last-Event-ID": malformed})
            assert refused.status_code == 422, malformed
            assert refused.json()["detail"] == "Last-Event-ID must be a feed id (a whole number)"


async def test_leads_are_refused_other_departments_and_other_roles_cannot_subscribe(
    service: Service,
) -> None:
    hr = {"Authorization": f"Bearer {token_for('hr_staff')}"}
    async with httpx.AsyncClient(base_url=service.url, headers=CS_LEAD) as client:
        refused = await client.post("/subscriptions", json={"department": "PLACE"})
        assert refused.status_code == 403
        assert refused.json()["detail"] == (
            "department leads subscribe only to their own department (CS), not PLACE"
        )
        for headers in (hr, AUDITOR):
            other_role = await client.post(
                "/subscriptions", json={"department": "CS"}, headers=headers
            )
            assert other_role.status_code == 403
            assert "only department leads manage subscriptions" in other_role.json()["detail"]
        unknown = await client.post(
            "/subscriptions", json={"department": "CS", "kinds": ["gossip"]}
        )
        assert unknown.status_code == 422 and "unknown kind 'gossip'" in unknown.json()["detail"]

        mine = (await client.post("/subscriptions", json={"department": "CS"})).json()
        assert "secret" not in mine  # no webhook, nothing to sign
        path = f"/subscriptions/{mine['subscription_id']}"
        assert (await client.get(path, headers=PLACE_LEAD)).status_code == 403
        assert (await client.delete(path, headers=PLACE_LEAD)).status_code == 403
        assert (await client.get(path, headers=hr)).status_code == 403
        listed = (await client.get("/subscriptions", headers=AUDITOR)).json()["subscriptions"]
        assert [s["subscription_id"] for s in listed] == [mine["subscription_id"]]
        assert (await client.get("/subscriptions", headers=PLACE_LEAD)).json() == {
            "subscriptions": []
        }
        stream = await client.get("/feed/stream", params={"department": "PLACE"})
        assert stream.status_code == 403
        assert (await client.get("/feed/stream", headers=hr)).status_code == 403
        assert (await client.delete(path)).status_code == 204
        assert (await client.get(path)).status_code == 404


async def test_webhooks_to_this_machine_or_cloud_metadata_are_refused_and_nothing_is_kept(
    service: Service,
) -> None:
    refusals = {
        "http://169.254.169.254/latest/meta-data/": "is a cloud metadata address (169.254.169.254)",
        "http://localhost:8000/internal": "is a loopback address",  # only 127.0.0.1 allowed
        "http://[::ffff:127.0.0.2]/x": "is a loopback address",
        "https://lead:password@receiver.example.org/hook": "must not carry a user name",
    }
    async with httpx.AsyncClient(base_url=service.url, headers=CS_LEAD) as client:
        for url, reason in refusals.items():
            refused = await client.post(
                "/subscriptions", json={"department": "CS", "webhook_url": url}
            )
            assert refused.status_code == 422, (url, refused.text)
            assert reason in refused.json()["detail"], (url, refused.json())
        listed = await client.get("/subscriptions", headers=AUDITOR)
    assert listed.json() == {"subscriptions": []}
