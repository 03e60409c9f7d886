"""The console in a real browser (Debian's headless Chromium) against the real services.

HR, Finance and Workflow run as processes on the real Kafka with a small demo establishment;
the console runs as a fourth process. Every page is checked with axe-core (any violation
fails) and saved as a screenshot under test-artifacts/console/.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import ARTIFACTS, token_for
from tests.support.answers import journey_at_stage
from tests.support.databases import NewDatabase
from tests.support.services import ServiceProcess, start_services
from tests.support.waiting import eventually

pytestmark = pytest.mark.kafka

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "deploy" / "console" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DEMO_POSTS = 60
HR_TOKEN = {"Authorization": f"Bearer {token_for('hr_staff')}"}


class Stack:
    """The four processes and a browser, shared by this module's journeys."""

    def __init__(self, services: dict[str, ServiceProcess], browser: Browser, folder: Path):
        self.services, self.browser, self.folder = services, browser, folder
        self.workflow = httpx.Client(base_url=services["workflow"].url, headers=HR_TOKEN)
        self.finance = httpx.Client(base_url=services["finance"].url, headers=HR_TOKEN)

    def page(self) -> Page:
        context = self.browser.new_context(bypass_csp=True)  # so axe can be injected
        context.set_default_timeout(15_000)
        return context.new_page()

    def url(self, path: str) -> str:
        return self.services["console"].url + path

    def check(self, page: Page, name: str) -> None:
        """Screenshot the page, then fail on any axe-core violation."""
        page.screenshot(path=self.folder / f"{name}.png", full_page=True)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        summary = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert summary == [], f"accessibility violations on {name}: {summary}"


@pytest.fixture(scope="module")
def stack(kafka_bootstrap: str, new_database: NewDatabase) -> Iterator[Stack]:
    if not Path(CHROMIUM).exists() or not AXE.exists():
        pytest.fail(
            "needs Debian's chromium and the vendored assets: "
            "run `make test-prerequisites console-assets`"
        )
    folder = ARTIFACTS / "console"
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"t{uuid.uuid4().hex[:10]}."
    databases = {name: new_database(name) for name in ("hr", "finance", "workflow")}
    demo = {"DEMO_SUPPORT_POSTS": str(DEMO_POSTS), "DEMO_SEED": "7"}
    services = start_services(
        ["hr", "finance", "workflow"], kafka_bootstrap, prefix, databases, folder, demo
    )
    try:
        console_env = {
            "HR_API_URL": services["hr"].url,
            "FINANCE_API_URL": services["finance"].url,
            "WORKFLOW_API_URL": services["workflow"].url,
            "CONSOLE_DEV_SIGN_IN": "true",
            "CONSOLE_BULK_CHUNK": "2",
        }
        services |= start_services(
            ["console"], kafka_bootstrap, prefix, {"console": ""}, folder, console_env
        )
        eventually(
            lambda: _posts_seen(services["workflow"].url),
            lambda count: count == DEMO_POSTS,
            what="demo posts in Workflow",
            timeout=45,
        )
        eventually(  # the demo "a year in": its early-start wave's posts have moved
            lambda: _early_start(services["workflow"].url),
            lambda wave: wave is not None and 0 < wave["posts"] == wave["posts_moved"],
            what="the early-start wave moved in Workflow",
            timeout=45,
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield Stack(services, browser, folder)
            browser.close()
    finally:
        for service in services.values():
            service.stop()


def test_hr_staff_find_a_post_see_a_refusal_and_propose_its_transfer(stack: Stack) -> None:
    post = _a_post(stack, "FIN", offset=0)
    page = _sign_in(stack, "hr_staff")
    stack.check(page, "01-dashboard")

    page.get_by_role("link", name="Find a post").click()
    page.get_by_label("Department").select_option(post["department"])
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=post["post_number"], exact=True)).to_be_visible()
    stack.check(page, "02-search-results")

    page.get_by_label("Post number or words in the title").fill(post["post_number"])
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Post {post['post_number']}")
    stack.check(page, "03-post")

    page.get_by_role("link", name="Propose a transfer").click()
    page.get_by_label("Centralised team").select_option("ICT")  # a FIN post cannot go there
    _fill_date(page, "effective_date", "1", "4", "2027")
    page.get_by_label("Reason").fill("One Council support functions")
    page.get_by_role("button", name="Propose a transfer").click()
    error = page.locator("#target_team-error")
    expect(error).to_contain_text("is a FIN post, so it cannot move to Central ICT")
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot move to")
    stack.check(page, "04-propose-refused")

    page.get_by_label("Centralised team").select_option("")
    page.get_by_role("button", name="Propose a transfer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Transfer proposed")
    journey_at_stage(stack.workflow, post["post_number"], "proposed", timeout=45)
    page.reload()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Proposed")
    expect(page.locator(".app-timeline")).to_contain_text("dev-hr-staff")
    stack.check(page, "05-post-proposed")


def test_hr_staff_simulate_then_run_a_bulk_csv(stack: Stack, tmp_path: Path) -> None:
    # PROC: HR's and PPM's posts are already central, and the demo moves none of these.
    posts = [_a_post(stack, "PROC", offset=n)["post_number"] for n in range(3)]
    csv = tmp_path / "posts.csv"
    csv.write_text("post_number\n" + "\n".join(posts) + "\nnot-a-post\n")
    page = _sign_in(stack, "hr_staff")
    page.goto(stack.url("/bulk"))
    stack.check(page, "06-bulk-form")

    page.get_by_label("CSV file of post numbers").set_input_files(str(csv))
    page.get_by_label("Propose transfers").check()
    _fill_date(page, "effective_date", "1", "4", "2027")
    page.get_by_label("Reason").fill("One Council support functions")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the results before you run")
    expect(page.locator('[data-total="done"]')).to_have_text("3")
    expect(page.locator(".govuk-error-summary")).to_contain_text("a post number is 3 to 10 digits")
    stack.check(page, "07-bulk-simulated")
    assert all(_stage(stack, number) == "in_department" for number in posts), "simulate kept none"

    with page.expect_request("**/bulk/run-chunk"):  # JavaScript sends 2 chunks: 2 rows, 1 row
        page.get_by_role("button", name="Run for 3 posts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bulk change result")
    expect(page.locator('[data-total="done"]')).to_have_text("3")
    for number in posts:
        expect(page.locator(f'tr[data-post="{number}"]')).to_contain_text("Done")
    stack.check(page, "08-bulk-result")
    for number in posts:
        journey_at_stage(stack.workflow, number, "proposed", timeout=45)


def test_the_dashboard_figures_equal_the_workflow_apis(stack: Stack) -> None:
    page = _sign_in(stack, "auditor")

    def figures() -> tuple[Any, dict[str, dict[str, str]], Any]:
        before = stack.workflow.get("/progress/departments").json()["departments"]
        page.goto(stack.url("/dashboard"))
        shown = _table(page, "departments")
        return before, shown, stack.workflow.get("/progress/departments").json()["departments"]

    # Figures may move while events flow: compare a quiet moment.
    before, shown, _ = eventually(figures, lambda seen: seen[0] == seen[2], what="quiet figures")
    assert shown == {
        row["department"]: {
            "posts": f"{row['posts']:,}",
            "posts_moved": f"{row['posts_moved']:,}",
            "fte_moved": f"{row['fte_moved']} of {row['fte']}",
            "annual_cost_moved": f"£{row['annual_cost_moved']:,}",
            "percent_centralised": f"{row['percent_centralised']}%",
        }
        for row in before
    }
    savings = stack.workflow.get("/savings").json()
    assert _table(page, "savings") == {
        team["team"]: {key: _money(team[key]) for key in ("target", "estimated", "realised", "gap")}
        | {"fte_released": str(team["fte_released"])}
        for team in savings["teams"]
    }
    released = savings["programme"]["fte_released"]
    assert released > 0  # the demo's delivered candidates released FTE
    expect(page.locator('[data-summary="programme-savings"]')).to_contain_text(f"{released} FTE")
    ended = stack.workflow.get("/progress/teams").json()["teams"]
    assert _table(page, "endings") == {
        row["team"]: {"posts_at_risk": f"{row['posts_at_risk']:,}",
                      "posts_disestablished": f"{row['posts_disestablished']:,}",
                      "fte_disestablished": str(row["fte_disestablished"]),
                      "annual_cost_disestablished": _money(row["annual_cost_disestablished"])}
        for row in ended if row["posts_at_risk"] or row["posts_disestablished"]
    }  # fmt: skip
    stack.check(page, "09-dashboard-figures")
    page.get_by_role("link", name="Redesign pipeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redesign pipeline")
    expect(page.locator('[data-field="fte_released"]')).to_have_text(str(released))
    stack.check(page, "10-pipeline")
    page.get_by_role("link", name="Budgets").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budgets")
    lines = stack.finance.get("/budget-lines").json()
    expect(page.get_by_role("heading", name=f"Budget lines ({len(lines)})")).to_be_visible()
    stack.check(page, "10b-budgets")
    page.get_by_role("link", name="Report to Cabinet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programme report to Cabinet")
    stack.check(page, "10-board-report")
    page.get_by_role("link", name="Org chart").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Org chart as of")
    auditor = {"Authorization": f"Bearer {token_for('auditor')}"}
    chart = httpx.get(stack.services["hr"].url + "/org-chart", headers=auditor).json()
    shown = page.locator("li[data-post]").evaluate_all("items => items.map(i => i.dataset.post)")
    on_chart = [post for unit in chart["departments"] + chart["teams"] for post in unit["posts"]]
    assert sorted(shown) == sorted(_numbers(on_chart)), "every post HR charts, once"
    expect(page.locator("[data-summary]")).to_contain_text(f"{chart['vacancies']} vacant")
    stack.check(page, "10c-org-chart")


def test_the_board_report_tells_the_story_of_the_demo_a_year_in(stack: Stack) -> None:
    tables = stack.workflow.get("/programme/board-report").json()["tables"]
    early = _early_start(stack.services["workflow"].url)
    assert early is not None and early["status"] == "complete" and early["move"] == "achieved"
    savings = {row[0]: row for row in tables["wave_savings"]["rows"]}
    assert 0 < savings["W0"][4] < savings["W0"][3]  # partly realised against its target
    assert savings["none"][4] > 0  # HR's and the programme office's, central from the start
    slipped = [row for row in tables["slipped"]["rows"] if row[0] == "W1"]
    assert [row[1] for row in slipped] == ["approved"]  # Wave 1 slipped on its approval
    [decision] = tables["decisions"]["rows"]
    assert decision[0].startswith("CAB/") and decision[2] == "cabinet"
    assert decision[3] == early["posts"]

    page = _sign_in(stack, "hr_staff")
    page.goto(stack.url("/board"))
    expect(page.locator('table[data-table="waves"]')).to_contain_text("Early start: Finance")
    expect(page.locator('table[data-table="decisions"]')).to_contain_text(decision[0])
    expect(page.locator('table[data-table="wave_savings"]')).to_contain_text("Outside the waves")
    expect(page.locator('table[data-table="risks"]')).to_contain_text("Milestones slipped")
    expect(
        page.get_by_role("link", name="Download every table as a spreadsheet (XLSX)")
    ).to_be_visible()
    stack.check(page, "10c-board-a-year-in")


def test_a_department_lead_sees_only_their_department(stack: Stack) -> None:
    own = _a_post(stack, "FIN", offset=0)["department"]
    other = next(
        post for post in stack.workflow.get("/posts", params={"limit": 1000}).json()["posts"]
        if post["department"] != own
    )  # fmt: skip
    page = _sign_in(stack, "department_lead", own)
    expect(page).to_have_url(stack.url("/lead"))
    rows = page.locator("table[data-moving] tbody tr")
    expect(rows.first).to_be_visible()
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.department)")) == {own}
    stack.check(page, "11-lead")

    page.goto(stack.url("/posts"))
    expect(page.get_by_label("Department")).to_have_count(0)
    stack.check(page, "12-lead-search")
    page.goto(stack.url(f"/posts/{other['post_number']}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    stack.check(page, "13-lead-other-department")


def test_hr_staff_follow_an_exercise_and_answer_its_question(stack: Stack) -> None:
    posts = [_a_post(stack, "ICT", offset=n)["post_number"] for n in range(2)]
    hr = httpx.Client(base_url=stack.services["hr"].url, headers=HR_TOKEN)
    closes = (date.today() + timedelta(days=40)).isoformat()
    effective = (date.today() + timedelta(days=120)).isoformat()
    for number in posts:  # an exercise consults on proposed transfers
        proposed = {"effective_date": effective, "reason": "One Council support functions"}
        hr.post(f"/posts/{number}/transfer", json=proposed).raise_for_status()
    opened = hr.post("/consultation-exercises", json={
        "purpose": "Moving ICT posts into Central ICT and Digital", "post_numbers": posts,
        "proposed_close": closes, "representatives": ["UNISON", "GMB"]})  # fmt: skip
    assert opened.status_code == 201, opened.text
    exercise = opened.json()["exercise_id"]
    question = {"asked_by": "representative of UNISON", "question": "Will grades be kept?"}
    hr.post(f"/consultation-exercises/{exercise}/questions", json=question).raise_for_status()
    eventually(
        lambda: stack.workflow.get(f"/consultations/{exercise}").json(),
        lambda seen: seen.get("questions_asked") == 1,
        what="the exercise and its question in Workflow",
        timeout=45,
    )
    page = _sign_in(stack, "hr_staff")
    expect(page.locator('table[data-figures="clocks"]')).to_contain_text("days left")
    page.get_by_role("link", name="Consultations", exact=True).click()
    page.get_by_role("link", name="Moving ICT posts into Central ICT and Digital").click()
    expect(page.locator("[data-clock]")).to_contain_text("The council's consultation policy")
    expect(page.locator("table[data-posts]")).to_contain_text(posts[0])
    stack.check(page, "14-exercise")

    _refused_then_sent(
        stack, page, "Record the answer", refused="Enter the answer", shot="15-exercise-refused",
        field="HR's answer to representative of UNISON", text="Yes: grades are kept.",
        done="Answer recorded",
    )  # fmt: skip
    eventually(
        lambda: stack.workflow.get(f"/consultations/{exercise}").json(),
        lambda seen: seen["questions_unanswered"] == 0,
        what="the answer in Workflow",
        timeout=45,
    )
    page.reload()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Yes: grades are kept.")
    stack.check(page, "16-exercise-answered")


def test_a_lead_challenges_hrs_proposed_scope_for_their_own_post(stack: Stack) -> None:
    post = _a_post(stack, "COMMS", offset=0)
    number, own = post["post_number"], post["department"]
    hr = httpx.Client(base_url=stack.services["hr"].url, headers=HR_TOKEN)
    proposal = {"status": "out_of_scope", "reason": "A service-specific communications role"}
    hr.post(f"/posts/{number}/scope", json=proposal).raise_for_status()
    eventually(
        lambda: _journey(stack, number), lambda seen: seen["scope_status"] == "out_of_scope",
        what="the scope proposal in Workflow", timeout=45,
    )  # fmt: skip
    page = _sign_in(stack, "department_lead", own)
    page.get_by_role("link", name="Scope sign-off").click()
    expect(page.locator("[data-awaiting]")).to_contain_text(number)
    stack.check(page, "17-lead-scope")

    page.locator(f'[data-awaiting] a[href="/lead/scope/{number}"]').click()
    page.get_by_label("Challenge", exact=True).check()
    _refused_then_sent(
        stack, page, "Send your response", refused="Enter why you challenge",
        shot="18-lead-scope-refused", field="Your reason (needed to challenge)",
        text="It is a corporate role.", done="You challenged",
    )  # fmt: skip
    eventually(
        lambda: _journey(stack, number), lambda seen: seen["scope_response"] == "challenged",
        what="the challenge in Workflow", timeout=45,
    )  # fmt: skip
    page.reload()
    expect(page.locator("[data-answered]")).to_contain_text("Challenged")
    stack.check(page, "19-lead-scope-answered")


def test_a_lead_subscribes_to_their_departments_changes_and_stops_it(stack: Stack) -> None:
    page = _sign_in(stack, "department_lead", "CS")
    page.get_by_role("link", name="Subscriptions").click()
    stack.check(page, "20-lead-subscriptions")
    for kind in ("posts", "transfers", "budgets", "milestones", "candidates", "consultations"):
        page.locator(f"#kind-{kind}").uncheck()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one kind")
    stack.check(page, "21-lead-subscriptions-refused")
    page.locator("#kind-transfers").check()
    page.get_by_label("What it is for (optional)").fill("Weekly check of moves")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Subscribed")
    stack.check(page, "22-lead-subscribed")
    page.get_by_role("link", name="Back to your subscriptions").click()
    expect(page.locator("table")).to_contain_text("Weekly check of moves")
    page.get_by_role("button", name="Stop Weekly check of moves").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Subscription stopped")


def test_an_auditor_replays_a_department_from_the_browser_and_downloads_the_findings(
    stack: Stack,
) -> None:
    page = _sign_in(stack, "auditor")
    page.get_by_role("link", name="Replay the log").click()
    stack.check(page, "23-audit-replay")
    page.get_by_label("One department (optional)").select_option("CS")
    page.get_by_role("button", name="Replay").click()
    expect(page.locator("h1")).to_contain_text("finding", timeout=60_000)
    stack.check(page, "24-audit-replay-findings")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Children")
    link = page.get_by_role("link", name="report.json").get_attribute("href") or ""
    report = page.request.get(stack.url(link))
    assert report.ok and report.json()["events_in_scope"] > 0
    found = page.request.get(stack.url(link.replace("report.json", "findings.csv")))
    assert found.ok and found.text().startswith("kind,rule")
    page.get_by_role("link", name="Budgets").click()  # what finance staff see too
    expect(page.locator("#targets")).to_contain_text("Savings targets")
    stack.check(page, "25-budgets")


def _refused_then_sent(
    stack: Stack,
    page: Page,
    button: str,
    *,
    refused: str,
    shot: str,
    field: str,
    text: str,
    done: str,
) -> None:
    """Send the form empty (the error summary says what is missing), then filled in."""
    page.get_by_role("button", name=button).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(refused)
    stack.check(page, shot)
    page.get_by_label(field).fill(text)
    page.get_by_role("button", name=button).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(done)


def _journey(stack: Stack, post_number: str) -> dict[str, Any]:
    return dict(stack.workflow.get(f"/posts/{post_number}").json())


def _sign_in(stack: Stack, role: str, department: str = "") -> Page:
    page = stack.page()
    page.goto(stack.url("/"))
    stack.check(page, f"00-sign-in-{role}")
    page.get_by_label({"hr_staff": "HR staff", "department_lead": "Department lead",
                       "auditor": "Auditor"}[role], exact=True).check()  # fmt: skip
    if department:
        page.get_by_label("Department you lead").select_option(department)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    return page


def _fill_date(page: Page, name: str, day: str, month: str, year: str) -> None:
    for part, value in (("day", day), ("month", month), ("year", year)):
        page.locator(f"#{name}-{part}").fill(value)


def _table(page: Page, name: str) -> dict[str, dict[str, str]]:
    cells: list[list[Any]] = page.locator(f'table[data-figures="{name}"] tbody tr').evaluate_all(
        """rows => rows.map(row => [row.dataset.key,
             [...row.querySelectorAll('[data-field]')].map(c => [c.dataset.field, c.innerText])])"""
    )
    return {key: dict(fields) for key, fields in cells}


def _money(amount: int) -> str:
    return f"−£{-amount:,}" if amount < 0 else f"£{amount:,}"


def _a_post(stack: Stack, function: str, offset: int) -> dict[str, Any]:
    answer = stack.workflow.get(
        "/posts", params={"function": function, "stage": "in_department", "limit": 1000}
    )
    posts = sorted(answer.json()["posts"], key=lambda post: post["post_number"])
    return dict(posts[offset])


def _numbers(posts: list[dict[str, Any]]) -> list[str]:
    """The post numbers of a chart's trees, every level."""
    return [n for post in posts for n in [post["post_number"], *_numbers(post["reports"])]]


def _stage(stack: Stack, post_number: str) -> str:
    return str(stack.workflow.get(f"/posts/{post_number}").json()["stage"])


def _early_start(workflow_url: str) -> dict[str, Any] | None:
    """The early-start wave's row of the board report, by its column names."""
    answer = httpx.get(f"{workflow_url}/programme/board-report", headers=HR_TOKEN, timeout=5)
    waves = answer.json()["tables"]["waves"]
    rows = [dict(zip(waves["headers"], row, strict=True)) for row in waves["rows"]]
    return next((row for row in rows if row["wave"] == "W0"), None)


def _posts_seen(workflow_url: str) -> int:
    answer = httpx.get(f"{workflow_url}/progress/departments", headers=HR_TOKEN, timeout=5)
    return sum(row["posts"] for row in answer.json()["departments"])
