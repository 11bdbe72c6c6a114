"""The penalty calculator in a real browser (Debian's Chromium), against the built site on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.site import calculator_page
from tests.site.calculator_page import posted_fields, shown_values, wait_for_result

pytestmark = pytest.mark.browser

READY = 'form[data-calculator="penalty"][data-ready="true"]'
PYODIDE_START_MS = 90_000  # a cold Pyodide start on a loaded 2-core CI machine


def python_result(fields: dict[str, str]) -> dict:
    return calculator_page.python_result("penalty", fields)


def form_fields(page: Page) -> dict[str, str]:
    return posted_fields(page, "penalty")


@pytest.fixture
def calculator(booted_tab: Page, site_url: str) -> Page:
    return calculator_page.arrive(booted_tab, f"{site_url}/calculators/penalty/", "penalty")


def test_without_javascript_the_page_shows_the_build_time_example(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/calculators/penalty/")
    fields = form_fields(page)
    assert shown_values(page) == python_result(fields)["values"]
    context.close()


def test_typing_new_numbers_computes_the_same_result_as_python(calculator: Page) -> None:
    page = calculator
    page.fill('input[name="principal"]', "５万")
    page.fill('input[name="interest"]', "1,200.50")
    page.check('input[name="rate_kind"][value="annual"]')
    page.fill('input[name="rate"]', "14.6")
    page.fill('input[name="days"]', "45")
    page.fill('input[name="markup"]', "30")
    page.check('input[name="day_basis"][value="365"]')
    page.click('button[type="submit"]')
    wait_for_result(page, "penalty", ("current",))
    expected = python_result(form_fields(page))
    assert shown_values(page) == expected["values"]
    rows = page.eval_on_selector_all("[data-calculator-rows] tr", "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))")
    columns = ["day", "added", "penalty", "compound", "accelerated", "total"]
    assert rows == [[row[column] for column in columns] for row in expected["tables"]["days"]]
    assert page.get_attribute("[data-calculator-output]", "data-state") == "current"


def test_results_follow_typing_without_pressing_the_button(calculator: Page) -> None:
    page = calculator
    page.locator('input[name="days"]').fill("")
    page.locator('input[name="days"]').type("60")
    wait_for_result(page, "penalty", ("current",))
    expected = python_result(form_fields(page))
    expect(page.locator('[data-value="penalty"]')).to_have_text(expected["values"]["penalty"])


def test_bad_input_shows_a_chinese_message_at_the_field_and_no_stale_result(calculator: Page) -> None:
    page = calculator
    page.fill('input[name="principal"]', "abc")
    page.fill('input[name="days"]', "2.5")
    page.click('button[type="submit"]')
    wait_for_result(page, "penalty", ("invalid",))
    principal_error = page.locator('[data-error-for="principal"]')
    expect(principal_error).to_have_text("请输入逾期本金（数字，最多 2 位小数，单位元）。")
    expect(principal_error).to_have_attribute("role", "alert")
    expect(page.locator('[data-error-for="days"]')).to_have_text("逾期天数请填整数天。")
    expect(page.locator('input[name="principal"]')).to_have_attribute("aria-invalid", "true")
    assert page.get_attribute("[data-calculator-output]", "data-state") == "invalid"
    assert set(shown_values(page).values()) == {"—"}

    page.fill('input[name="principal"]', "8000")
    page.fill('input[name="days"]', "3")
    page.click('button[type="submit"]')
    wait_for_result(page, "penalty", ("current",))
    expect(page.locator('[data-value="penalty"]')).to_have_text(python_result(form_fields(page))["values"]["penalty"])
    expect(principal_error).to_be_empty()


def test_the_page_requests_nothing_from_other_hosts_and_logs_no_errors(page: Page, site_url: str) -> None:
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{site_url}/calculators/penalty/")
    page.wait_for_selector(READY, timeout=PYODIDE_START_MS)
    page.fill('input[name="principal"]', "12345")
    page.click('button[type="submit"]')
    wait_for_result(page, "penalty", ("current",))
    page.goto(f"{site_url}/")
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, requested
    assert not any("12345" in url for url in requested), "an input value travelled in a request"
    assert problems == []


def test_instant_navigation_away_and_back_still_computes(calculator: Page, site_url: str) -> None:
    page = calculator
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-footer__link--next").click()  # the footer link to the next page
    page.wait_for_url(lambda url: not url.endswith("/calculators/penalty/"))
    page.locator("a.md-footer__link--prev").click()  # and back
    page.wait_for_url(f"{site_url}/calculators/penalty/")
    assert page.evaluate("window.__sameDocument") is True, "Material's instant navigation reloaded the page"
    page.wait_for_selector(READY, timeout=PYODIDE_START_MS)
    page.fill('input[name="principal"]', "2000")
    page.click('button[type="submit"]')
    wait_for_result(page, "penalty", ("current",))
    expect(page.locator('[data-value="penalty"]')).to_have_text(python_result(form_fields(page))["values"]["penalty"])


def test_when_pyodide_cannot_load_the_example_stays_and_a_message_says_so(page: Page, site_url: str) -> None:
    page.route("**/assets/pyodide/**", lambda route: route.abort())
    page.goto(f"{site_url}/calculators/penalty/")
    status = page.locator("[data-calculator-status]")
    expect(status).to_have_attribute("data-kind", "failed", timeout=PYODIDE_START_MS)
    expect(status).to_contain_text("计算器没能加载")
    assert page.get_attribute('form[data-calculator="penalty"]', "data-ready") is None
    assert shown_values(page) == python_result(form_fields(page))["values"]
    page.fill('input[name="principal"]', "1")
    page.click('button[type="submit"]')  # the form does not freeze or reload
    assert shown_values(page) == python_result({**form_fields(page), "principal": "10000"})["values"]


def test_pages_without_a_calculator_load_nothing_of_pyodide(page: Page, site_url: str, built_site) -> None:
    """A page with no calculator and no link to one (a guide with a calculator link in view starts the runtime in
    the background: tests/site/test_arrival_browser.py)."""
    assert "data-calculator" not in (built_site / "about" / "index.html").read_text(encoding="utf-8")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site_url}/about/")
    page.wait_for_load_state("networkidle")
    assert requested, "no requests were seen at all"
    assert not [url for url in requested if "/assets/pyodide/" in url or "calculators.zip" in url or "calc-worker" in url]
