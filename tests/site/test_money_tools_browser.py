"""The calculator framework in Chromium: the repayment plan, a second plan, 清除, .ics, print, no JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.site.calculator_page import (
    arrive,
    expected_table,
    posted_fields,
    python_result,
    shown_table,
    shown_values,
    wait_for_result,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def repayment(booted_tab: Page, site_url: str) -> Page:
    return arrive(booted_tab, f"{site_url}/calculators/repayment/", "repayment")


def test_a_zero_interest_offer_shows_the_same_schedule_rate_and_chart_as_python(repayment: Page) -> None:
    page = repayment
    page.fill('input[name="amount"]', "10000")
    page.fill('input[name="rate"]', "0")
    page.fill('input[name="months"]', "12")
    page.fill('input[name="fee"]', "600")
    page.click('button[type="submit"]')
    wait_for_result(page, "repayment", ("current",))
    expected = python_result("repayment", posted_fields(page, "repayment"))
    expect(page.locator('[data-value="apr"]')).to_have_text(expected["values"]["apr"])
    assert shown_values(page) == expected["values"]
    assert expected["values"]["apr"] == "11.58"  # the hand-checked case
    columns = ["month", "payment", "principal", "interest", "fee", "balance"]
    assert shown_table(page, "schedule") == expected_table(expected, "schedule", columns)
    python_points = [part.split('"')[0] for part in expected["html"]["chart"].split('points="')[1:]]
    assert page.eval_on_selector_all("[data-slot=chart] polyline", "ls => ls.map(l => l.getAttribute('points'))") == python_points
    expect(page.locator("[data-slot=explain]")).to_contain_text("600.00 元在放款时就扣掉了")


def test_a_second_plan_is_added_and_compared_from_the_keyboard(repayment: Page) -> None:
    page = repayment
    toggle = page.locator("[data-compare-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-compare]")).to_be_visible()
    assert page.evaluate("document.activeElement.name") == "b.amount"
    page.fill('input[name="b.months"]', "36")
    wait_for_result(page, "repayment", ("current",))
    expected = python_result("repayment", posted_fields(page, "repayment"))
    assert expected["values"]["diff_total_cost"].startswith("+")
    expect(page.locator('[data-value="diff_total_cost"]')).to_have_text(expected["values"]["diff_total_cost"])
    assert shown_values(page) == expected["values"]
    page.keyboard.press("Shift+Tab")  # and closed again: the second plan no longer counts
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-compare]")).to_be_hidden()
    wait_for_result(page, "repayment", ("current",))
    expect(page.locator('[data-value="diff_total_cost"]').first).to_have_text("—")


def test_the_calendar_download_has_one_event_per_due_date(repayment: Page) -> None:
    page = repayment
    page.fill('input[name="months"]', "3")
    page.fill('input[name="first_due"]', "2026/1/31")
    page.click('button[type="submit"]')
    wait_for_result(page, "repayment", ("current",))
    link = page.locator('a[data-download="ics"]')
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "repayment-plan.ics"
    text = open(download.path(), encoding="utf-8").read()
    starts = [line for line in text.splitlines() if line.startswith("DTSTART")]
    assert starts == ["DTSTART;VALUE=DATE:20260131", "DTSTART;VALUE=DATE:20260228", "DTSTART;VALUE=DATE:20260331"]


def test_clear_empties_every_field_and_brings_back_the_example(repayment: Page) -> None:
    page = repayment
    example = shown_values(page)
    page.fill('input[name="amount"]', "55555")
    page.click('button[type="submit"]')
    wait_for_result(page, "repayment", ("current",))
    assert shown_values(page) != example
    page.click("[data-calculator-clear]")
    fields = posted_fields(page, "repayment")
    assert all(value == "" for name, value in fields.items() if page.locator(f'input[name="{name}"]:not([type=radio])').count() and name != "compare")
    assert fields["method"] == "equal_installment"  # a choice returns to its preset answer
    expect(page.locator("[data-calculator-output]")).to_have_attribute("data-state", "example")
    assert shown_values(page) == example


def test_print_shows_the_results_without_navigation_or_buttons(repayment: Page) -> None:
    page = repayment
    page.emulate_media(media="print")
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator('form[data-calculator="repayment"] button[type="submit"]')).to_be_hidden()
    expect(page.locator('[data-calculator-rows="schedule"]')).to_be_visible()
    expect(page.locator("[data-slot=chart] svg")).to_be_visible()
    expect(page.locator('input[name="amount"]')).to_be_visible()


def test_without_javascript_the_page_says_so_and_cannot_reset_the_fields(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for name in ("penalty", "repayment"):
        page.goto(f"{site_url}/calculators/{name}/")
        form = page.locator(f'form[data-calculator="{name}"]')
        expect(form.locator("[data-calculator-status]")).to_contain_text("JavaScript")
        expect(form.locator('button[type="submit"]')).to_be_disabled()
        expect(form.locator("noscript, .calc__noscript").first).to_be_attached()
        assert shown_values(page) == python_result(name, posted_fields(page, name))["values"]
    context.close()


def test_wide_tables_scroll_by_keyboard_with_the_first_column_in_view(browser: Browser, site_url: str) -> None:
    # 480 px: the narrowest screen that shows tables as tables (below, each row is a card: test_large_text_browser.py)
    context = browser.new_context(viewport={"width": 480, "height": 700})
    page = context.new_page()
    page.goto(f"{site_url}/calculators/penalty/")
    region = page.locator(".calc__table").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert page.evaluate("document.documentElement.scrollWidth") <= 480
    width = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert width[0] > width[1], "the day table should be wider than a phone and scroll inside its box"
    region.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    # keyboard scrolling may be animated: wait for it (the start of the calculator's runtime competes for the CPU)
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle(), timeout=10_000)
    first_cell = region.locator("tbody tr th").first
    box, frame = first_cell.bounding_box(), region.bounding_box()
    assert box is not None and frame is not None and box["x"] >= frame["x"] - 1, "the day column scrolled away"
    context.close()


def test_the_penalty_page_flags_a_rate_above_the_court_line_and_prices_waiting(booted_tab: Page, site_url: str) -> None:
    page = arrive(booted_tab, f"{site_url}/calculators/penalty/", "penalty")
    page.fill('input[name="wait_days"]', "14")
    page.click('button[type="submit"]')
    wait_for_result(page, "penalty", ("current",))
    expected = python_result("penalty", posted_fields(page, "penalty"))
    expect(page.locator('[data-value="wait_cost"]')).to_have_text(expected["values"]["wait_cost"])
    expect(page.locator('[data-message="over_court_line"]')).to_be_visible()
    page.fill('input[name="rate"]', "0.03")
    page.click('button[type="submit"]')
    wait_for_result(page, "penalty", ("current",))
    expect(page.locator('[data-message="over_court_line"]')).to_have_count(0)
