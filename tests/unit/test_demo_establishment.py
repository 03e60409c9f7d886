"""The seeded demo establishment: deterministic, realistic, consistent budgets, scales up."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from shared.demo import (
    budget_lines,
    cost_centres,
    frozen_cost_centres,
    generate_posts,
    generate_processes,
    under_funded_cost_centres,
)
from shared.reference import DEPARTMENTS, SUPPORT_FUNCTIONS


def test_the_same_seed_gives_the_same_establishment() -> None:
    assert list(generate_posts(7, 500)) == list(generate_posts(7, 500))
    assert cost_centres(7) == cost_centres(7)
    assert budget_lines(7, 500) == budget_lines(7, 500)
    assert generate_processes(7) == generate_processes(7)


def test_a_different_seed_gives_a_different_establishment() -> None:
    assert list(generate_posts(1, 200)) != list(generate_posts(2, 200))
    assert generate_processes(1) != generate_processes(2)


def test_post_numbers_run_on_from_10001() -> None:
    numbers = [post.post_number for post in generate_posts(2026, 1500)]
    assert numbers == [str(10001 + i) for i in range(1500)]


def test_a_smaller_establishment_is_the_start_of_a_bigger_one_with_the_same_seed() -> None:
    # So post 10423 is the same post in the demo and in a 100,000-post benchmark.
    assert list(generate_posts(2026, 1500)) == list(generate_posts(2026, 5000))[:1500]


def test_the_default_establishment_has_1500_posts_with_unique_numbers_and_references() -> None:
    posts = list(generate_posts())
    assert len(posts) == 1500
    assert len({post.post_number for post in posts}) == 1500
    refs = [post.employee_ref for post in posts if post.employee_ref is not None]
    assert len(refs) == len(set(refs))
    emails = [post.employee_email for post in posts if post.employee_email is not None]
    assert len(emails) == len(set(emails))


def test_every_department_and_every_function_has_support_posts() -> None:
    posts = list(generate_posts(99, 32))
    assert {(post.department, post.function) for post in posts} == {
        (department, function) for department in DEPARTMENTS for function in SUPPORT_FUNCTIONS
    }


def test_business_support_and_finance_are_biggest_and_the_care_departments_hold_most() -> None:
    posts = list(generate_posts())
    by_function = [code for code, _ in Counter(p.function for p in posts).most_common()]
    by_department = [code for code, _ in Counter(p.department for p in posts).most_common()]
    assert set(by_function[:2]) == {"BUS", "FIN"}
    assert set(by_function[-2:]) == {"POL", "PPM"}
    assert set(by_department[:2]) == {"ASCH", "CS"}


def test_posts_have_plausible_grades_ftes_costs_and_cost_centres() -> None:
    for post in generate_posts(2026, 3000):
        assert re.fullmatch(r"Grade (5|6|7|8|9|10|11|12|13|14)", post.grade)
        assert 0.4 <= post.fte <= 1.0 and round(post.fte, 2) == post.fte
        assert post.cost_centre == f"{post.department}-{post.function}-01"
        full_time_cost = post.annual_cost / post.fte
        assert 30_000 < full_time_cost < 90_000


def test_most_posts_are_full_time_and_about_one_in_twelve_is_vacant() -> None:
    posts = list(generate_posts(2026, 10_000))
    assert sum(post.fte == 1.0 for post in posts) / len(posts) > 0.7
    assert 0.06 < sum(post.employee_ref is None for post in posts) / len(posts) < 0.10


def test_a_vacant_post_has_no_name_or_email_and_a_filled_one_has_both() -> None:
    for post in generate_posts(2026, 3000):
        if post.employee_ref is None:
            assert post.employee_name is None and post.employee_email is None
        else:
            assert re.fullmatch(r"E[0-9A-F]{7}", post.employee_ref)
            assert post.employee_name and post.employee_email
            assert post.employee_email.endswith("@county-council.example")


def test_100000_posts_generate_with_unique_numbers() -> None:
    numbers = {post.post_number for post in generate_posts(2026, 100_000)}
    assert len(numbers) == 100_000


def test_there_is_a_cost_centre_per_department_function_and_per_central_team() -> None:
    centres = cost_centres()
    assert len(centres) == len(DEPARTMENTS) * len(SUPPORT_FUNCTIONS) + len(SUPPORT_FUNCTIONS)
    codes = {centre.code for centre in centres}
    assert "CS-FIN-01" in codes and "CEN-FIN-01" in codes
    central = [centre for centre in centres if centre.owner == "CENTRAL"]
    assert {centre.name for centre in central} >= {"Central Finance", "Central HR"}
    assert not any(centre.frozen for centre in central)


def test_a_couple_of_department_cost_centres_are_frozen_for_the_demo() -> None:
    frozen = {centre.code for centre in cost_centres() if centre.frozen}
    assert frozen == frozen_cost_centres() and len(frozen) == 2


def test_budget_lines_fund_each_department_cost_centre_with_headroom() -> None:
    costs = Counter[str]()
    for post in generate_posts(2026, 1500):
        costs[post.cost_centre] += post.annual_cost
    lines = {line.cost_centre: line for line in budget_lines(2026, 1500)}
    assert set(lines) == {centre.code for centre in cost_centres()}
    under_funded = under_funded_cost_centres()
    assert len(under_funded) == 3 and not under_funded & frozen_cost_centres()
    for code, cost in costs.items():
        if code in under_funded:
            assert lines[code].annual_budget < cost
        else:
            assert cost < lines[code].annual_budget <= cost * 1.09


def test_central_team_budget_lines_start_empty_until_posts_move_in() -> None:
    central = [line for line in budget_lines() if line.cost_centre.startswith("CEN-")]
    assert len(central) == len(SUPPORT_FUNCTIONS)
    assert all(line.annual_budget == 0 for line in central)


def test_a_few_hundred_processes_cover_all_functions_with_positive_volumes() -> None:
    processes = generate_processes()
    assert len(processes) == 240
    assert {process.function for process in processes} == set(SUPPORT_FUNCTIONS)
    assert len({process.process_id for process in processes}) == 240
    assert len({process.name for process in processes}) == 240
    for process in processes:
        assert process.volume_per_year > 0 and process.minutes_per_case > 0
        assert 0 <= process.rework_percent <= 30
        assert process.average_grade_cost > 30_000
        assert re.fullmatch(rf"PRC-{process.function}-\d{{3}}", process.process_id)


def test_the_process_catalogue_uses_the_councils_words() -> None:
    names = {process.name for process in generate_processes()}
    assert {
        "Supplier invoice processing",
        "Recruitment administration",
        "Budget monitoring returns",
    } <= names


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        list(generate_posts(2026, -1))
    with pytest.raises(ValueError):
        generate_processes(2026, -1)
