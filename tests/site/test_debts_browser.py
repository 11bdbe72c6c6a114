"""多笔债务安排 in a real browser (Debian's Chromium, 375 px wide): rows by keyboard, same numbers as Python."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from calculators.browser import run

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="debts"]'
READY = 'form[data-calculator="debts"][data-ready="true"]'
PYODIDE_START_MS = 90_000  # a cold Pyodide start on a loaded 2-core CI machine
ROW_NAME = re.compile(r"^debts\.(\d+)\.(\w+)$")


def form_fields(page: Page) -> dict:
    """What the page would post, rebuilt from the inputs' names (debts.INDEX.FIELD → a list of rows)."""
    flat = page.eval_on_selector(
        FORM,
        "form => Object.fromEntries([...form.elements]"
        ".filter(e => e.name && !e.closest('template') && (e.tagName === 'INPUT' || e.tagName === 'SELECT'))"
        ".map(e => [e.name, e.value]))",
    )
    raw: dict = {"debts": []}
    for name, value in flat.items():
        match = ROW_NAME.match(name)
        if match:
            index, field = int(match.group(1)), match.group(2)
            while len(raw["debts"]) <= index:
                raw["debts"].append({})
            raw["debts"][index][field] = value
        else:
            raw[name] = value
    return raw


def python_result(fields: dict) -> dict:
    outcome = json.loads(run("debts", json.dumps(fields, ensure_ascii=False)))
    assert outcome["ok"], outcome
    return outcome["result"]


def shown_values(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(
        f"{FORM} [data-calculator-output] [data-value]",
        "nodes => Object.fromEntries(nodes.map(n => [n.dataset.value, n.textContent]))",
    )


def shown_table(page: Page, key: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f'{FORM} [data-calculator-rows="{key}"] tr', "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))"
    )


def expected_table(result: dict, key: str, columns: list[str]) -> list[list[str]]:
    return [[row[column] for column in columns] for row in result["tables"][key]]


CLEARED_COLUMNS = ["name", "overdue_first", "avalanche", "snowball"]
STRATEGY_COLUMNS = ["strategy", "order", "months", "interest", "paid"]


def chart_description(chart_html: str) -> str:
    match = re.search(r"<desc[^>]*>(.*?)</desc>", chart_html)
    assert match, "the chart has a <desc>"
    return html.unescape(match.group(1))


@pytest.fixture
def calculator(page: Page, site_url: str) -> Page:
    page.goto(f"{site_url}/calculators/debts/")
    page.wait_for_selector(READY, timeout=PYODIDE_START_MS)
    return page


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

    # remove the first row (网商贷) with the space bar on its button
    page.focus(f'{FORM} [data-row-group="debts"][data-row-index="0"] [data-row-remove]')
    page.keyboard.press(" ")
    expect(rows).to_have_count(2)
    assert page.evaluate("document.activeElement.matches('[data-row-remove]')")
    fields = form_fields(page)
    assert [row["name"] for row in fields["debts"]] == ["信用卡", "花呗"]  # renumbered debts.0, debts.1

    expected = python_result(fields)
    expect(page.locator(f'{FORM} [data-value="months_snowball"]')).to_have_text(expected["values"]["months_snowball"])
    expect(page.locator(f"{FORM} [data-calculator-output]")).to_have_attribute("data-state", "current")
    assert shown_values(page) == expected["values"]
    assert shown_table(page, "strategies") == expected_table(expected, "strategies", STRATEGY_COLUMNS)
    assert shown_table(page, "cleared") == expected_table(expected, "cleared", CLEARED_COLUMNS)
    assert page.locator(f"{FORM} [data-slot=chart] svg desc").text_content() == chart_description(expected["html"]["chart"])


def test_a_budget_below_the_minimums_shows_what_is_missing(calculator: Page) -> None:
    page = calculator
    page.fill(f'{FORM} input[name="budget"]', "1000")
    expected = python_result(form_fields(page))
    # the example's minimums are 1,000 + 800 = 1,800: 800 missing
    assert expected["values"]["shortfall"] == "800.00"
    expect(page.locator(f'{FORM} [data-value="shortfall"]')).to_have_text("800.00")
    assert shown_values(page) == expected["values"]
    message = page.locator(f"{FORM} [data-slot=message]")
    expect(message).to_contain_text("钱不够还最低还款")
    link = message.locator("a")
    assert link.evaluate("a => new URL(a.href).pathname") == "/guides/negotiation/"
    assert page.locator(f"{FORM} [data-slot=chart] svg").count() == 0
    expect(page.locator(f'{FORM} a[data-download="ics"]')).to_have_attribute("hidden", "")  # no plan, no dates


def test_controls_marked_hidden_are_not_shown(calculator: Page) -> None:
    page = calculator
    page.fill(f'{FORM} input[name="budget"]', "1000")  # shortfall: the calendar link is hidden
    expect(page.locator(f'{FORM} [data-value="shortfall"]')).to_have_text("800.00")
    expect(page.locator(f'{FORM} a[data-download="ics"]')).to_be_hidden(timeout=1000)


def test_the_calendar_download_has_the_dates_python_gives(calculator: Page) -> None:
    page = calculator
    page.fill(f'{FORM} input[name="start"]', "2027年1月31日")
    expected = python_result(form_fields(page))
    expect(page.locator(f'{FORM} [data-value="debt_free"]')).to_have_text(expected["values"]["debt_free"])
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
    outcome = json.loads(run("debts", json.dumps(form_fields(page), ensure_ascii=False)))
    assert not outcome["ok"]
    error = page.locator(f'{FORM} [data-error-for="debts.1.balance"]')
    expect(error).to_have_text(outcome["errors"]["debts.1.balance"])
    assert page.get_attribute(f'{FORM} input[name="debts.1.balance"]', "aria-invalid") == "true"
    assert set(shown_values(page).values()) == {"—"}
