"""Consultation exercises, the lead's scope sign-off and the dashboard's clocks, against fakes."""

from __future__ import annotations

import re
from pathlib import Path

from tests.unit.console.exercise_answers import EXERCISE
from tests.unit.console.fakes import FakeApis, console, csrf_of, signed_in

ANSWER = "/consultation-exercises/CX-1/questions/Q-1/answer"
RESPOND = "/posts/10423/scope/response"
PROPOSAL = {
    "post_number": "10423", "status": "out_of_scope", "reason": "Service-specific finance role",
    "proposed_by": "hr-1", "proposed_at": "2026-11-02T09:00:00+00:00", "response": None,
    "responded_by": None, "response_reason": "",
}  # fmt: skip


def test_the_exercise_page_shows_its_clock_posts_documents_questions_and_timeline(
    tmp_path: Path,
) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "auditor")
    page = client.get("/consultations/CX-1").text
    assert "20 days left" in page
    assert "The statutory collective consultation rule: at least 45 days" in page
    assert re.search(r"HR1 notification due</dt>\s*<dd[^>]*>2 November 2026", page)
    assert 'href="/posts/10423"' in page and "Proposal paper, version 1.0" in page
    assert "UNISON" in page and "Will staff keep their grades?" in page
    assert "1 unanswered" in page  # the task list's status for the questions
    assert "2 November 2026 at 9:00am by hr-1" in page
    assert "Record the answer" not in page  # only HR staff answer


def test_hr_staff_answer_an_open_question_from_the_exercise_page(tmp_path: Path) -> None:
    fakes = FakeApis()
    fakes.answer("POST", ANSWER, {"exercise_id": "CX-1"})
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    token = csrf_of(client.get("/consultations/CX-1").text)
    form = {"csrf_token": token, "answer-Q-1": "Yes, on their current terms (TUPE-like)."}
    answer = client.post("/consultations/CX-1/questions/Q-1/answer", data=form)
    assert answer.status_code == 303
    assert fakes.bodies(ANSWER) == [{"answer": "Yes, on their current terms (TUPE-like)."}]
    assert "Answer recorded" in client.get(answer.headers["location"]).text


def test_an_empty_answer_is_refused_before_hr_is_asked(tmp_path: Path) -> None:
    fakes = FakeApis()
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    token = csrf_of(client.get("/consultations/CX-1").text)
    page = client.post(
        "/consultations/CX-1/questions/Q-1/answer", data={"csrf_token": token, "answer-Q-1": ""}
    )
    assert page.status_code == 400
    assert 'href="#answer-Q-1">Enter the answer to the question' in page.text
    assert fakes.bodies(ANSWER) == []


def test_hrs_refusal_of_an_answer_is_shown_in_the_error_summary(tmp_path: Path) -> None:
    fakes = FakeApis()
    fakes.answer("POST", ANSWER, {"detail": "question Q-1 has already been answered"}, 409)
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    token = csrf_of(client.get("/consultations/CX-1").text)
    form = {"csrf_token": token, "answer-Q-1": "Yes."}
    page = client.post("/consultations/CX-1/questions/Q-1/answer", data=form).text
    assert 'href="#answer-Q-1">Question Q-1 has already been answered' in page
    assert re.search(r'id="answer-Q-1-error".*already been answered', page)
    assert ">Yes.</textarea>" in page  # what was typed is kept


def test_the_consultation_list_shows_each_exercises_clock(tmp_path: Path) -> None:
    fakes = FakeApis()
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    page = client.get("/consultations", params={"status": "open"}).text
    assert 'href="/consultations/CX-1"' in page and "20 days left" in page
    assert "HR1 due 2 November 2026" in page and "1 asked, 1 unanswered" in page
    assert fakes.calls[-1].url.params["status"] == "open"


def test_the_dashboard_shows_open_clocks_and_the_scope_counts(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    page = client.get("/dashboard").text
    assert re.search(r'data-field="posts_out_of_scope">1<', page)
    assert re.search(r'data-field="posts_undecided">5<', page)
    assert re.search(r'data-field="days_left">20 days left<', page)
    assert re.search(r'data-field="hr1_due">2 November 2026<', page)


def test_a_lead_sees_their_posts_awaiting_a_scope_response(tmp_path: Path) -> None:
    fakes = FakeApis()
    awaiting = {"post_number": "10423", "title": "Finance Officer", "department": "CS",
                "scope_status": "out_of_scope", "scope_response": None,
                "scope_reason": "Service-specific finance role"}  # fmt: skip
    agreed = {**awaiting, "post_number": "10424", "scope_response": "agreed"}
    unproposed = {**awaiting, "post_number": "10425", "scope_status": None}
    fakes.answer("GET", "/posts", {"posts": [awaiting, agreed, unproposed]})
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    page = client.get("/lead/scope").text
    assert 'href="/lead/scope/10423"' in page and "Awaiting your response (1)" in page
    assert "Answered (1)" in page and "10425" not in page
    assert fakes.calls[-1].url.params["department"] == "CS"


def test_a_lead_agrees_with_hrs_proposed_scope(tmp_path: Path) -> None:
    fakes = _scope_fakes()
    fakes.answer("POST", RESPOND, {**PROPOSAL, "response": "agreed"})
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    token = csrf_of(client.get("/lead/scope/10423").text)
    answer = client.post("/lead/scope/10423", data={"csrf_token": token, "response": "agreed"})
    assert answer.headers["location"] == "/lead/scope"
    assert fakes.bodies(RESPOND) == [{"response": "agreed", "reason": ""}]


def test_a_challenge_without_a_reason_is_refused_before_hr_is_asked(tmp_path: Path) -> None:
    fakes = _scope_fakes()
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    token = csrf_of(client.get("/lead/scope/10423").text)
    form = {"csrf_token": token, "response": "challenged"}
    page = client.post("/lead/scope/10423", data=form)
    assert page.status_code == 400
    assert 'href="#reason">Enter why you challenge HR' in page.text
    assert fakes.bodies(RESPOND) == []


def test_hrs_refusal_of_a_response_is_shown_in_the_error_summary(tmp_path: Path) -> None:
    fakes = _scope_fakes()
    refusal = {"detail": "HR has not proposed a scope for post 10423 yet"}
    fakes.answer("POST", RESPOND, refusal, status=409)
    client = signed_in(console(fakes, tmp_path), "department_lead", "CS")
    token = csrf_of(client.get("/lead/scope/10423").text)
    form = {"csrf_token": token, "response": "agreed"}
    page = client.post("/lead/scope/10423", data=form).text
    assert 'href="#response">HR has not proposed a scope for post 10423 yet' in page


def test_a_lead_is_not_offered_another_departments_post(tmp_path: Path) -> None:
    fakes = _scope_fakes()
    client = signed_in(console(fakes, tmp_path), "department_lead", "ASCH")
    answer = client.get("/lead/scope/10423")
    assert answer.status_code == 403
    assert "posts only" in answer.text
    assert 'name="response"' not in answer.text


def test_only_department_leads_sign_off_scope(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    answer = client.get("/lead/scope")
    assert answer.status_code == 403
    assert "lead can agree or challenge the scope" in answer.text


def _scope_fakes() -> FakeApis:
    fakes = FakeApis()
    fakes.answer("GET", "/posts/10423/scope", PROPOSAL)
    return fakes


def test_a_closed_exercise_not_agreed_shows_its_outcome_and_the_decision_needed(
    tmp_path: Path,
) -> None:
    fakes = FakeApis()
    clock = {**EXERCISE["clock"], "days_left": None, "may_close_from_today": True}
    closed = {**EXERCISE, "status": "closed", "closed_on": "2026-12-20", "clock": clock,
              "outcome": "not_agreed", "questions_unanswered": 0}  # fmt: skip
    fakes.answer("GET", "/consultations/CX-1", closed)
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    page = client.get("/consultations/CX-1").text
    assert "Closed on 20 December 2026" in page and "Not agreed" in page
    assert "no transfer in this exercise can be approved until HR records a decision" in page
    assert ">Needed<" in page and "Record the answer" not in page
