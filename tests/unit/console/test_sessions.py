"""The console's session is on the server: the cookie is a random id, worthless once the
person signs out, and a new one at every sign-in."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import itsdangerous
from fastapi.testclient import TestClient

from shared.auth import mint_token
from tests.unit.console.fakes import SECRET, FakeApis, console, csrf_of, signed_in

COOKIE = "onecouncil_console"


def test_the_cookie_holds_a_random_id_and_never_the_api_token(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    value = client.cookies[COOKIE]
    assert len(value) == 43 and "." not in value  # 32 random bytes, no JWT, no signed blob
    assert client.get("/dashboard").status_code == 200


def test_a_cookie_copied_before_sign_out_does_not_get_in_afterwards(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    copied = client.cookies[COOKIE]
    token = csrf_of(client.get("/dashboard").text)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    thief = TestClient(client.app, follow_redirects=False, cookies={COOKIE: copied})
    answer = thief.get("/dashboard")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")


def test_a_session_cookie_forged_with_the_signing_secret_gets_nobody_in(tmp_path: Path) -> None:
    # What Starlette's signed cookie accepted: the session itself, signed with a known key.
    session = {"token": mint_token(SECRET, "forged", "hr_staff"), "name": "Forged Officer"}
    blob = base64.b64encode(json.dumps(session).encode())
    forged = itsdangerous.TimestampSigner(SECRET).sign(blob).decode()
    client = TestClient(
        console(FakeApis(), tmp_path).app, follow_redirects=False, cookies={COOKIE: forged}
    )
    assert client.get("/dashboard").status_code == 303


def test_signing_in_issues_a_new_id_so_a_planted_one_is_worth_nothing(tmp_path: Path) -> None:
    client = console(FakeApis(), tmp_path)
    token = csrf_of(client.get("/sign-in").text)
    planted = client.cookies[COOKIE]  # the visitor's session before sign-in
    client.post("/sign-in/dev", data={"csrf_token": token, "role": "hr_staff"})
    assert client.cookies[COOKIE] != planted
    victim = TestClient(client.app, follow_redirects=False, cookies={COOKIE: planted})
    assert victim.get("/dashboard").status_code == 303
