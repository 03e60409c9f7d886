"""The org chart page: HR's trees per department and central team as of a date, with
vacancies and lines that leave a unit; for HR staff and auditors, never for leads."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from shared.org_chart import ChartPost, org_chart
from tests.unit.console.fakes import FakeApis, console, signed_in


def chart() -> dict[str, Any]:
    """Central Finance's head 900 over 901 and a vacant 902; in Children's Services a
    manager 100 over 10423, and 10424 whose line goes to 901 in Central Finance."""
    posts = [
        ChartPost(post_number="900", title="Head of Central Finance", vacant=False,
                  department="CST", team="FIN", reports_to=None),
        ChartPost(post_number="901", title="Finance Business Partner", vacant=False,
                  department="CS", team="FIN", reports_to="900"),
        ChartPost(post_number="902", title="Finance Officer", vacant=True,
                  department="ASCH", team="FIN", reports_to="901"),
        ChartPost(post_number="100", title="Finance Manager", vacant=False,
                  department="CS", team=None, reports_to=None),
        ChartPost(post_number="10423", title="Finance Officer", vacant=True,
                  department="CS", team=None, reports_to="100"),
        ChartPost(post_number="10424", title="Payroll Officer", vacant=False,
                  department="CS", team=None, reports_to="901"),
    ]  # fmt: skip
    return org_chart(posts, {"FIN": "900"}, date(2027, 4, 1))


@pytest.fixture
def fakes() -> FakeApis:
    fakes = FakeApis()
    fakes.answer("GET", "/org-chart", chart())
    return fakes


def section(text: str, anchor: str) -> str:
    found = re.search(rf'<section [^>]*data-unit="{anchor}">(.*?)</section>', text, re.S)
    assert found, f"the page has a section for {anchor}"
    return found.group(1)


def test_hr_staff_see_each_unit_as_a_tree_with_vacancies_and_lines_that_leave_it(
    fakes: FakeApis, tmp_path: Path
) -> None:
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    page = client.get("/org-chart", params={"as_of": "2027-04-01"})
    assert page.status_code == 200
    assert fakes.calls[-1].url.path == "/org-chart"
    assert fakes.calls[-1].url.params["as_of"] == "2027-04-01"
    text = page.text
    assert "Org chart as of 1 April 2027" in text
    assert "6 posts, 2 vacant." in text
    assert 'href="/org-chart" aria-current="true"' in text

    finance = section(text, "team-FIN")
    assert "3 posts, 1 vacant. Head: post 900." in finance
    # 902 sits in a list inside 901's item, which sits in a list inside 900's item.
    nested = re.search(
        r'data-post="900".*?<ul[^>]*nested[^>]*>\s*<li[^>]*data-post="901".*?'
        r'<ul[^>]*nested[^>]*>\s*<li[^>]*data-post="902"',
        finance,
        re.S,
    )
    assert nested, finance
    assert "Head of team" in finance and "Vacant" in finance

    children = section(text, "department-CS")
    assert "3 posts, 1 vacant." in children
    assert re.search(r'data-post="100".*?<ul[^>]*nested[^>]*>\s*<li[^>]*data-post="10423"',
                     children, re.S)  # fmt: skip
    assert "reports to post 901 in Central Finance" in children
    assert "No posts on this date." in section(text, "department-PLACE")


def test_auditors_see_the_chart_and_leads_and_finance_staff_are_not_shown_it(
    fakes: FakeApis, tmp_path: Path
) -> None:
    auditor = signed_in(console(fakes, tmp_path), "auditor")
    assert auditor.get("/org-chart").status_code == 200
    assert "as_of" not in fakes.calls[-1].url.params, "HR's today by default"
    for role, department in (("department_lead", "CS"), ("finance_staff", "")):
        client = signed_in(console(fakes, tmp_path), role, department)
        refused = client.get("/org-chart")
        assert refused.status_code == 403
        assert "it is for HR staff and auditors" in refused.text
        assert 'href="/org-chart"' not in client.get("/pipeline").text
    assert len([c for c in fakes.calls if c.url.path == "/org-chart"]) == 1, "HR never asked"
