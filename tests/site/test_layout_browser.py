"""Every page reads on a 375 px phone: nothing wider than the screen, in light and dark mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from calculators.browser import run
from tests.site.calculator_page import wait_for_result

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def page_paths(built_site: Path) -> list[str]:
    return sorted(
        str(index.parent.relative_to(built_site)).replace(".", "") + "/"
        for index in built_site.rglob("index.html")
        if "assets" not in index.parts and "search" not in index.parts
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_is_wider_than_a_phone(browser: Browser, built_site: Path, site_url: str, scheme: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    too_wide = {}
    paths = page_paths(built_site)
    assert len(paths) >= 12
    for path in paths:
        page.goto(f"{site_url}/{path.lstrip('/')}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    context.close()
    assert too_wide == {}


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
