"""An HR manager in the console: HR's actions, and HR's separation-of-duties refusal shown."""

from __future__ import annotations

from pathlib import Path

from tests.unit.console.fakes import FakeApis, console, csrf_of, signed_in
from tests.unit.console.test_pages import JOURNEY_HR

SEPARATION = {
    "detail": "you may not approve this transfer: you proposed post 10423's transfer, so "
    "another officer must approve it (separation of duties)"
}


def test_an_hr_manager_signs_in_as_such_and_may_take_hr_actions(tmp_path: Path) -> None:
    fakes = FakeApis()
    fakes.answer("GET", "/posts/10423", JOURNEY_HR)
    client = signed_in(console(fakes, tmp_path), "hr_manager")
    page = client.get("/posts/10423/approve")
    assert page.status_code == 200
    assert "(HR manager)" in page.text


def test_hrs_refusal_of_an_approval_by_its_proposer_is_shown_on_the_form(tmp_path: Path) -> None:
    fakes = FakeApis()
    fakes.answer("GET", "/posts/10423", JOURNEY_HR)
    fakes.answer("POST", "/posts/10423/transfer/approve", SEPARATION, status=403)
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    token = csrf_of(client.get("/posts/10423/approve").text)
    page = client.post("/posts/10423/approve", data={"csrf_token": token}).text
    assert "so another officer must approve it (separation of duties)" in page
