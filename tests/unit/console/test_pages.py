"""The console's pages against fake service APIs: what a person sees and what is sent."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from shared.auth import verify_token
from tests.unit.console.fakes import SECRET, FakeApis, console, csrf_of, signed_in


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_sign_in_page(tmp_path: Path) -> None:
    client = console(FakeApis(), tmp_path)
    answer = client.get("/dashboard")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=%2Fdashboard"


def test_development_sign_in_is_off_unless_switched_on(tmp_path: Path) -> None:
    client = console(FakeApis(), tmp_path, dev_sign_in=False)
    page = client.get("/sign-in").text
    assert "Sign in as" not in page
    answer = client.post("/sign-in/dev", data={"csrf_token": "any", "role": "hr_staff"})
    assert answer.status_code == 404


def test_the_session_cookie_is_signed_http_only_and_same_site_lax(tmp_path: Path) -> None:
    client = console(FakeApis(), tmp_path)
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post("/sign-in/dev", data={"csrf_token": token, "role": "hr_staff"})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_a_form_without_the_sessions_csrf_token_is_refused(tmp_path: Path) -> None:
    client = console(FakeApis(), tmp_path)
    client.get("/sign-in")
    answer = client.post("/sign-in/dev", data={"csrf_token": "forged", "role": "hr_staff"})
    assert answer.status_code == 400
    assert "did not come from this console" in answer.text


def test_the_services_are_called_with_a_token_for_the_chosen_role(tmp_path: Path) -> None:
    fakes = FakeApis()
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    assert client.get("/lead").status_code == 200
    header = fakes.calls[-1].headers["authorization"]
    principal = verify_token(SECRET, header.removeprefix("Bearer "))
    assert (principal.role, principal.department) == ("department_lead", "CS")


def test_a_lead_must_choose_the_department_they_lead(tmp_path: Path) -> None:
    client = console(FakeApis(), tmp_path)
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post("/sign-in/dev", data={"csrf_token": token, "role": "department_lead"})
    assert answer.status_code == 400
    assert 'href="#department">Select the department you lead' in answer.text


def test_the_dashboard_shows_the_workflow_figures_as_given(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "auditor")
    page = client.get("/dashboard").text
    assert "£81,000" in page and "20.0%" in page and "1.5 of 9.5" in page
    assert "£470,000" in page  # the savings gap for Central Finance
    assert "Proposed: 2" in page  # the chart's text equivalent


def test_a_post_page_shows_its_blockers_and_its_timeline(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    page = client.get("/posts/10423").text
    assert "Budget check failed: no budget line" in page
    assert "Transfer proposed to Central Finance" in page
    assert "1 May 2026 at 9:30am by hr-1" in page
    assert 'href="/posts/10423/open-consultation"' in page


def test_searching_a_post_number_goes_straight_to_the_post(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    answer = client.get("/posts", params={"q": "10423"})
    assert answer.headers["location"] == "/posts/10423"


def test_searching_words_matches_titles(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    page = client.get("/posts", params={"q": "finance off", "department": "CS"}).text
    assert "1 post found" in page and 'href="/posts/10423"' in page


def test_an_hr_refusal_is_shown_next_to_the_field_it_is_about(tmp_path: Path) -> None:
    fakes = FakeApis()
    refusal = {"detail": "post 10423 is a FIN post, so it cannot move to Central ICT and Digital"}
    fakes.answer("POST", "/posts/10423/transfer", refusal, status=409)
    fakes.answer("GET", "/posts/10423", JOURNEY_HR)
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    form = _proposal(client, day="1", month="4", target_team="ICT")
    page = client.post("/posts/10423/propose", data=form).text
    assert 'href="#target_team">Post 10423 is a FIN post, so it cannot move' in page
    assert re.search(r'id="target_team-error".*cannot move to Central ICT', page)
    assert fakes.bodies("/posts/10423/transfer")[-1]["effective_date"] == "2027-04-01"


def test_a_date_that_is_not_real_is_refused_before_hr_is_asked(tmp_path: Path) -> None:
    fakes = FakeApis()
    fakes.answer("GET", "/posts/10423", JOURNEY_HR)
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    form = _proposal(client, day="31", month="2")
    page = client.post("/posts/10423/propose", data=form).text
    assert "The effective date must be a real date" in page
    assert fakes.bodies("/posts/10423/transfer") == []


def test_only_hr_staff_may_open_an_action(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "finance_staff")
    answer = client.get("/posts/10423/approve")
    assert answer.status_code == 403
    assert "Only HR staff can change posts and transfers" in answer.text


def test_a_lead_is_sent_to_their_own_department_not_the_dashboard(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "department_lead", "CS")
    assert client.get("/dashboard").headers["location"] == "/lead"


def test_pages_carry_a_content_security_policy_without_inline_scripts(tmp_path: Path) -> None:
    client = console(FakeApis(), tmp_path)
    policy = client.get("/sign-in").headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy


JOURNEY_HR = {
    "post_number": "10423", "title": "Finance Officer", "department": "CS", "function": "FIN",
    "fte": 1.0, "annual_cost": 41000, "stage": "not_yet_moved", "transfers": [],
}  # fmt: skip


def _proposal(client: TestClient, day: str, month: str, **fields: str) -> dict[str, str]:
    """Post 10423's proposal form, with its CSRF token, for a day in 2027."""
    token = csrf_of(client.get("/posts/10423/propose").text)
    return {
        "csrf_token": token,
        "effective_date-day": day,
        "effective_date-month": month,
        "effective_date-year": "2027",
        "reason": "Programme",
        **fields,
    }
