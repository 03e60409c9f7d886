"""The council's financial year (1 April to 31 March) and pro-rating to its end.

Pro-rating rule: a budget moved on an effective date counts in that financial year for
the days from the effective date to 31 March, both included:

    amount_this_year = full_year_amount × days_remaining ÷ days_in_financial_year

`days_in_financial_year` is 366 when the year holds a 29 February (e.g. 2027/28), else
365. The result is rounded to the nearest pound, halves up. So a move effective on
1 April counts the whole year, and one effective on 31 March counts one day.
"""

from __future__ import annotations

from datetime import date


def financial_year_start(day: date) -> date:
    """1 April of the financial year `day` falls in."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def financial_year_end(day: date) -> date:
    """31 March that closes the financial year `day` falls in."""
    return date(financial_year_start(day).year + 1, 3, 31)


def financial_year_of(day: date) -> str:
    """The financial year's name, e.g. '2026/27' for any day from 1 April 2026 to 31 March 2027."""
    start = financial_year_start(day).year
    return f"{start}/{(start + 1) % 100:02d}"


def days_in_financial_year(day: date) -> int:
    """365, or 366 when the year holds a 29 February."""
    return (financial_year_end(day) - financial_year_start(day)).days + 1


def days_remaining(day: date) -> int:
    """Days from `day` to 31 March of its financial year, both included."""
    return (financial_year_end(day) - day).days + 1


def pro_rate(full_year_amount: int, effective: date) -> int:
    """The part of a full-year amount that falls from `effective` to the year's end."""
    days = days_in_financial_year(effective)
    return (2 * full_year_amount * days_remaining(effective) + days) // (2 * days)


def is_financial_year(name: str) -> bool:
    """True for a well-formed name like '2026/27' (the second part follows the first)."""
    first, slash, second = name.partition("/")
    if not (slash and first.isdigit() and second.isdigit() and len(first) == 4):
        return False
    return len(second) == 2 and int(second) == (int(first) + 1) % 100
