"""Input typed while the runtime still loads is computed the moment the worker is ready, never lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from tests.site.calculator_page import START_MS, form_selector, posted_fields, python_result, shown_values

pytestmark = pytest.mark.browser


def test_input_typed_before_ready_is_computed_once_ready(page: Page, site_url: str) -> None:
    # Hold Pyodide's loader back so the form is certainly not ready while the reader types.
    held: list[Route] = []
    loader = "**/assets/pyodide/*/pyodide.mjs"

    def hold(route: Route) -> None:
        held.append(route)

    page.route(loader, hold)
    page.goto(f"{site_url}/calculators/penalty/")
    page.wait_for_selector(f'{form_selector("penalty")}[data-mounted="true"]')
    page.wait_for_timeout(300)  # the worker has asked for the loader by now
    assert held, "the worker did not request pyodide.mjs"
    assert page.get_attribute(form_selector("penalty"), "data-ready") is None

    example = shown_values(page, "penalty")
    page.fill('input[name="principal"]', "3456.78")
    page.fill('input[name="days"]', "47")
    page.wait_for_timeout(600)  # longer than the form's debounce: the request is already posted to the worker
    fields = posted_fields(page, "penalty")
    expected = python_result("penalty", fields)["values"]
    assert expected != example  # the new input gives another answer than the build-time example
    # While it waits, the output says so and shows no number: the example never poses as the reader's answer.
    output = page.locator(f'{form_selector("penalty")} [data-calculator-output]')
    assert output.get_attribute("data-state") == "pending"
    assert set(shown_values(page, "penalty").values()) == {"…"}
    assert "正在准备计算器" in (output.text_content() or "")

    for route in held:
        route.continue_()
    page.unroute(loader)
    page.wait_for_selector(f'{form_selector("penalty")}[data-ready="true"]', timeout=START_MS)
    # No further typing: the queued request is answered by the worker that just became ready.
    page.wait_for_function(
        "([selector, expected]) => Object.entries(expected).every(([key, text]) =>"
        " document.querySelector(`${selector} [data-value=\"${key}\"]`)?.textContent === text)",
        arg=[form_selector("penalty"), expected],
        timeout=10_000,
    )
    assert shown_values(page, "penalty") == expected
