"""The penalty calculator from a phone's keyboard. That no page is wider than a 375 px phone, as it first paints and
once its calculators are ready in light and in dark, is checked in the accessibility crawl (test_a11y_browser.py),
which visits every page once for both."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser

from calculators.browser import run
from tests.site.calculator_page import wait_for_result

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def test_the_calculator_works_from_the_keyboard(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}/calculators/penalty/")
    page.wait_for_selector('form[data-calculator="penalty"][data-ready="true"]', timeout=90_000)
    page.focus('input[name="principal"]')
    page.keyboard.press("Control+A")
    page.keyboard.type("20000")
    page.keyboard.press("Tab")  # to the next field, as a keyboard user moves on
    assert page.evaluate("document.activeElement.name") == "interest"
    page.keyboard.press("Enter")  # implicit submission from a text field
    wait_for_result(page, "penalty", ("current",))
    fields = page.eval_on_selector(
        'form[data-calculator="penalty"]',
        "form => Object.fromEntries([...form.elements].filter(e => e.name && (e.type !== 'radio' || e.checked)).map(e => [e.name, e.value]))",
    )
    expected = json.loads(run("penalty", json.dumps(fields)))["result"]["values"]["penalty"]
    assert fields["principal"] == "20000"
    assert page.text_content('[data-value="penalty"]') == expected
    context.close()
