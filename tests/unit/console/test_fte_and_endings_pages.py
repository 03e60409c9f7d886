"""The dashboard and the pipeline show the FTE delivered redesigns released (`/savings`) and
the posts they put at risk or disestablished (`/progress`), as Workflow gives them."""

from __future__ import annotations

import re
from pathlib import Path

from services.console.entrypoints.dashboard import ENDINGS
from tests.unit.console.fakes import FakeApis, console, progress_row, signed_in


def _field(page: str, field: str) -> list[str]:
    return re.findall(rf'data-field="{field}">([^<]*)<', page)


def test_the_dashboard_shows_fte_released_programme_wide_and_by_team(tmp_path: Path) -> None:
    page = signed_in(console(FakeApis(), tmp_path), "auditor").get("/dashboard").text
    assert "£30,000 a year realised and 1.25 FTE released by delivered redesigns" in page
    assert _field(page, "fte_released") == ["0.75"]
    assert 'govuk-table__header--numeric">FTE released</th>' in page


def test_the_dashboard_shows_the_posts_delivered_redesigns_ended(tmp_path: Path) -> None:
    page = signed_in(console(FakeApis(), tmp_path), "auditor").get("/dashboard").text
    assert 'href="#endings">Posts ended by redesign' in page
    assert "Posts put at risk by delivered redesigns: 1 (" in page
    assert "Posts disestablished: 2, which took 1.6 FTE and £58,000 a year out" in page
    row = page.split('data-figures="endings"')[1].split("</table>")[0]
    assert 'data-key="FIN"' in row
    assert [_field(row, field)[0] for field in ENDINGS] == ["1", "2", "1.6", "£58,000"]


def test_the_dashboard_says_so_when_no_post_was_ended(tmp_path: Path) -> None:
    fakes = FakeApis()
    quiet = progress_row("team", "FIN", "Central Finance") | {
        "posts_at_risk": 0, "posts_disestablished": 0, "fte_disestablished": 0.0,
        "annual_cost_disestablished": 0,
    }  # fmt: skip
    fakes.answer("GET", "/progress/teams", {"teams": [quiet]})
    page = signed_in(console(fakes, tmp_path), "auditor").get("/dashboard").text
    assert "No delivered redesign has put a post at risk or disestablished one yet." in page
    assert 'data-figures="endings"' not in page


def test_the_pipeline_shows_fte_released_and_posts_ended_for_the_programme(tmp_path: Path) -> None:
    page = signed_in(console(FakeApis(), tmp_path), "hr_staff").get("/pipeline").text
    assert _field(page, "fte_released") == ["1.25"]
    assert _field(page, "posts_at_risk") == ["1"] and _field(page, "posts_disestablished") == ["2"]
    assert _field(page, "annual_cost_disestablished") == ["£58,000"]


def test_the_pipeline_of_one_team_shows_that_teams_figures(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    assert _field(client.get("/pipeline", params={"team": "FIN"}).text, "fte_released") == ["0.75"]
    other = client.get("/pipeline", params={"team": "ICT"}).text
    assert _field(other, "fte_released") == ["0.0"] and _field(other, "posts_at_risk") == ["0"]


def test_a_lead_sees_their_departments_posts_ended_but_no_fte_by_team(tmp_path: Path) -> None:
    fakes = FakeApis()
    page = signed_in(console(fakes, tmp_path), "department_lead", "CS").get("/pipeline").text
    assert _field(page, "fte_released") == [] and _field(page, "posts_disestablished") == ["2"]
    asked = [call.url.path for call in fakes.calls]
    assert "/progress/teams" in asked  # Workflow answers a lead with their department's posts
