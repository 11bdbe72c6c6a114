"""The reader's date in the browser is the date Python computes with: the page's clock is moved to days where
calendars go wrong, and each dated tool shows what Python gives for that day (tests/calculators/test_today.py
covers every day in Python)."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page

from calculators.browser import CALCULATORS
from tests.site.calculator_page import arrive, posted_fields, shown_values, wait_for_result

pytestmark = pytest.mark.browser

# (the page, the form, the date field left blank so that "today" decides)
TOOLS = [("calculators/debts/", "debts", "start"), ("calculators/repayment/", "repayment", "first_due")]


def calendar_of(page: Page, name: str) -> str:
    href = page.get_attribute(f'form[data-calculator="{name}"] a[data-download]', "href") or ""
    return unquote(href.split(",", 1)[1])


@pytest.mark.parametrize(("path", "name", "field"), TOOLS, ids=[name for _, name, _ in TOOLS])
@pytest.mark.parametrize("today", [dt.date(2026, 12, 31), dt.date(2027, 1, 31), dt.date(2028, 2, 29)], ids=str)
def test_a_blank_date_means_the_readers_today(booted_tab: Page, site_url: str, path: str, name: str, field: str, today: dt.date) -> None:
    # The tab's clock is moved (its pages and the running worker stay), then a new copy of the page arrives.
    page = booted_tab
    page.clock.set_fixed_time(dt.datetime(today.year, today.month, today.day, 21, 30))  # evening, local time
    arrive(page, f"{site_url}/{path}", name)
    page.fill(f'form[data-calculator="{name}"] input[name="{field}"]', "")
    page.click(f'form[data-calculator="{name}"] button[type="submit"]')
    wait_for_result(page, name, ("current",))
    fields = posted_fields(page, name)
    assert fields[field] == ""
    expected = json.loads(json.dumps(CALCULATORS[name].run(fields, today), ensure_ascii=False))["result"]
    assert shown_values(page, name) == expected["values"]
    assert calendar_of(page, name) == expected["downloads"]["ics"]["text"]
    # the machine's own date would give another calendar: the page's date is the one that counted
    assert expected["downloads"]["ics"]["text"] != CALCULATORS[name].run(fields, dt.date(2026, 6, 15))["result"]["downloads"]["ics"]["text"]
