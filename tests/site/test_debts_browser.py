"""多笔债务安排 in a real browser (Debian's Chromium, 375 px wide): rows by keyboard, same numbers as Python."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from calculators.browser import run
from tests.site import calculator_page
from tests.site.calculator_page import START_MS as PYODIDE_START_MS
from tests.site.calculator_page import expected_table, posted_fields, wait_for_result

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="debts"]'


def form_fields(page: Page) -> dict:
    return posted_fields(page, "debts")


def python_result(fields: dict) -> dict:
    return calculator_page.python_result("debts", fields)


def shown_values(page: Page) -> dict[str, str]:
    return calculator_page.shown_values(page, "debts")


def shown_table(page: Page, key: str) -> list[list[str]]:
    return calculator_page.shown_table(page, key, "debts")


CLEARED_COLUMNS = ["name", "overdue_first", "avalanche", "snowball"]
STRATEGY_COLUMNS = ["strategy", "order", "months", "interest", "paid"]


def chart_description(chart_html: str) -> str:
    match = re.search(r"<desc[^>]*>(.*?)</desc>", chart_html)
    assert match, "the chart has a <desc>"
    return html.unescape(match.group(1))


@pytest.fixture
def calculator(booted_tab: Page, site_url: str) -> Page:
    return calculator_page.arrive(booted_tab, f"{site_url}/calculators/debts/", "debts")


def test_without_javascript_the_page_shows_the_build_time_example(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/calculators/debts/")
    expected = python_result(form_fields(page))
    assert len(form_fields(page)["debts"]) == 2
    assert shown_values(page) == expected["values"]
    assert shown_table(page, "cleared") == expected_table(expected, "cleared", CLEARED_COLUMNS)
    assert page.locator(f"{FORM} [data-slot=chart] svg desc").text_content() == chart_description(expected["html"]["chart"])
    context.close()


def test_rows_are_added_and_removed_by_keyboard_and_give_python_s_numbers(calculator: Page) -> None:
    page = calculator
    rows = page.locator(f'{FORM} [data-rows="debts"] > [data-row-group]')
    expect(rows).to_have_count(2)

    page.focus(f'{FORM} [data-row-add="debts"]')
    page.keyboard.press("Enter")
    expect(rows).to_have_count(3)
    # focus moved into the new row's first field: type the row with the keyboard only
    assert page.evaluate("document.activeElement.name") == "debts.2.name"
    page.keyboard.insert_text("花呗")
    page.keyboard.press("Tab")
    page.keyboard.type("1500")
    page.keyboard.press("Tab")  # rate_kind: keep 日利率
    page.keyboard.press("Tab")
    page.keyboard.type("0.05")
    page.keyboard.press("Tab")
    page.keyboard.type("150")

    # adding a row of the reader's own took the two untouched example rows out of the sum (kept in view)
    examples = page.locator(f'{FORM} [data-row-group][data-example="excluded"]')
    expect(examples).to_have_count(2)
    expect(examples.first.locator("[data-example-note]")).to_be_visible()

    # the second example row (信用卡) is the reader's too: editing it puts it back in
    page.fill(f'{FORM} input[name="debts.1.minimum"]', "900")
    expect(examples).to_have_count(1)

    # remove the first row (网商贷, still an untouched example) with the space bar on its button
    page.focus(f'{FORM} [data-row-group="debts"][data-row-index="0"] [data-row-remove]')
    page.keyboard.press(" ")
    expect(rows).to_have_count(2)
    assert page.evaluate("document.activeElement.matches('[data-row-remove]')")
    fields = form_fields(page)
    assert [row["name"] for row in fields["debts"]] == ["信用卡", "花呗"]  # renumbered debts.0, debts.1

    wait_for_result(page, "debts", ("current",))
    expected = python_result(fields)
    assert shown_values(page) == expected["values"]
    assert shown_table(page, "strategies") == expected_table(expected, "strategies", STRATEGY_COLUMNS)
    assert shown_table(page, "cleared") == expected_table(expected, "cleared", CLEARED_COLUMNS)
    assert page.locator(f"{FORM} [data-slot=chart] svg desc").text_content() == chart_description(expected["html"]["chart"])


def test_a_budget_below_the_minimums_shows_what_is_missing(calculator: Page) -> None:
    page = calculator
    page.fill(f'{FORM} input[name="budget"]', "1000")
    wait_for_result(page, "debts", ("current",))
    expected = python_result(form_fields(page))
    # the example's minimums are 1,000 + 800 = 1,800: 800 missing
    assert expected["values"]["shortfall"] == "800.00"
    expect(page.locator(f'{FORM} [data-value="shortfall"]')).to_have_text("800.00")
    assert shown_values(page) == expected["values"]
    message = page.locator(f"{FORM} [data-slot=message]")
    expect(message).to_contain_text("钱不够还最低还款")
    link = message.locator("a", has_text="怎样和贷款方协商还款")
    assert link.evaluate("a => new URL(a.href).pathname") == "/guides/negotiation/"
    assert page.locator(f"{FORM} [data-slot=chart] svg").count() == 0
    expect(page.locator(f'{FORM} a[data-download="ics"]')).to_have_attribute("hidden", "")  # no plan, no dates


def test_controls_marked_hidden_are_not_shown(calculator: Page) -> None:
    page = calculator
    page.fill(f'{FORM} input[name="budget"]', "1000")  # shortfall: the calendar link is hidden
    wait_for_result(page, "debts", ("current",))
    expect(page.locator(f'{FORM} [data-value="shortfall"]')).to_have_text("800.00")
    expect(page.locator(f'{FORM} a[data-download="ics"]')).to_be_hidden(timeout=1000)


def test_the_calendar_download_has_the_dates_python_gives(calculator: Page) -> None:
    page = calculator
    page.fill(f'{FORM} input[name="start"]', "2027年1月31日")
    wait_for_result(page, "debts", ("current",))
    expected = python_result(form_fields(page))
    assert shown_values(page) == expected["values"]
    link = page.locator(f'{FORM} a[data-download="ics"]')
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    prefix = "data:text/calendar;charset=utf-8,"
    assert href.startswith(prefix)
    text = unquote(href[len(prefix):])
    assert text == expected["downloads"]["ics"]["text"]
    assert text.count("BEGIN:VEVENT") == 2


def test_a_bad_row_value_shows_a_chinese_message_at_that_field(calculator: Page) -> None:
    page = calculator
    page.fill(f'{FORM} input[name="debts.1.balance"]', "八千")
    wait_for_result(page, "debts", ("invalid",))
    fields = form_fields(page)
    # editing the second row took the untouched first example row out: Python gets one row, numbered 0
    assert [row["balance"] for row in fields["debts"]] == ["八千"]
    outcome = json.loads(run("debts", json.dumps(fields, ensure_ascii=False)))
    assert not outcome["ok"]
    error = page.locator(f'{FORM} [data-error-for="debts.1.balance"]')  # shown where the reader typed it
    expect(error).to_have_text(outcome["errors"]["debts.0.balance"])
    assert page.get_attribute(f'{FORM} input[name="debts.1.balance"]', "aria-invalid") == "true"
    assert set(shown_values(page).values()) == {"—"}


# ---- a plan when the money is short (issue 20 §2) -----------------------------------

ALLOCATION_COLUMNS = ["name", "pay", "why"]


def test_a_short_budget_shows_python_s_allocation_for_typed_rows(calculator: Page) -> None:
    page = calculator
    # the reader's 网商贷 and 信用卡 are as in the example: they say so by editing those rows (untouched example
    # rows would leave the sum once the reader adds a row of their own)
    page.fill(f'{FORM} input[name="debts.0.name"]', "网商贷")
    page.fill(f'{FORM} input[name="debts.1.name"]', "信用卡")
    # a third row typed by the reader: 花呗 1,500 at 0.05 % a day, minimum 150, not overdue, marked 先保住
    page.click(f'{FORM} [data-row-add="debts"]')
    page.fill(f'{FORM} input[name="debts.2.name"]', "花呗")
    page.fill(f'{FORM} input[name="debts.2.balance"]', "1500")
    page.fill(f'{FORM} input[name="debts.2.rate"]', "0.05")
    page.fill(f'{FORM} input[name="debts.2.minimum"]', "150")
    page.check(f'{FORM} input[name="debts.2.keep"][value="yes"]')
    page.fill(f'{FORM} input[name="budget"]', "1000")
    wait_for_result(page, "debts", ("current",))
    expected = python_result(form_fields(page))
    # by hand: minimums 1,000 + 800 + 150 = 1,950 against 1,000 → 950 missing. 花呗 (marked) 150, 850 left;
    # the current card 800, 50 left; the overdue 网商贷's 1,000 does not fit and gets the 50: 150 + 800 + 50 = 1,000.
    assert expected["values"]["shortfall"] == "950.00"
    assert [(row["name"], row["pay"]) for row in expected["tables"]["allocation"]] == [
        ("花呗", "150.00"),
        ("信用卡", "800.00"),
        ("网商贷", "50.00"),
    ]
    rows = page.locator(f'{FORM} [data-calculator-rows="allocation"] tr')
    # wait for the result of this input: the three rows as Python gives them (the example shows two other rows)
    expect(rows).to_have_text(["".join(row) for row in expected_table(expected, "allocation", ALLOCATION_COLUMNS)])
    assert shown_table(page, "allocation") == expected_table(expected, "allocation", ALLOCATION_COLUMNS)
    assert shown_values(page) == expected["values"]
    # the letter link of the one debt not paid in full, as Python wrote it: the others get 950.00 this month
    link = page.locator(f'{FORM} [data-slot=message] a[href*="#fill=letter"]')
    expect(link).to_have_count(1)
    (python_href,) = re.findall(r'href="([^"]*#fill=letter[^"]*)"', expected["html"]["message"])
    assert link.get_attribute("href") == html.unescape(python_href)
    assert link.evaluate("a => new URL(a.href).pathname") == "/guides/negotiation/"
    assert "debts.0.payment=950.00" in link.evaluate("a => new URL(a.href).hash")

    # The link opens the letter with the reader's numbers filled in, computed at once; the letter's example
    # income rows are not the reader's and do not join silently.
    link.click()
    page.wait_for_url("**/guides/negotiation/**")  # instant navigation drops the fragment: calculators.js keeps it
    letter = 'form[data-calculator="letter"]'
    page.wait_for_selector(f'{letter}[data-ready="true"]', timeout=PYODIDE_START_MS)
    wait_for_result(page, "letter")
    assert page.input_value(f'{letter} input[name="debts.0.payment"]') == "950.00"
    assert page.locator(f'{letter} [data-row-group="incomes"][data-example="excluded"]').count() >= 1
    fields = posted_fields(page, "letter")
    assert fields["debts"] == [{"name": page.input_value(f'{letter} input[name="debts.0.name"]'), "payment": "950.00"}]
    assert fields["incomes"] == []
    outcome = json.loads(run("letter", json.dumps(fields, ensure_ascii=False)))
    if outcome["ok"]:
        assert calculator_page.shown_values(page, "letter") == outcome["result"]["values"]
    else:  # no income typed yet: the letter asks for it at the field
        for field, message in outcome["errors"].items():
            assert page.locator(f'{letter} [data-error-for="{field}"]').text_content() == message
