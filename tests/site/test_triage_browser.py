"""先做什么 in Chromium, as a reader uses it on a phone: one tap per answer, and the list shown is the one Python
gives for the same answers (through the DOM contract: data-calculator, data-ready, data-action, data-error-for)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from calculators.triage import FORM, QUESTIONS, rules
from tests.site.calculator_page import arrive, posted_fields, python_result

pytestmark = pytest.mark.browser

NAME = "triage"
FORM_SELECTOR = f'form[data-calculator="{NAME}"]'
PHONE = {"width": 375, "height": 667}
SHOWN_KEYS = f"() => [...document.querySelectorAll('{FORM_SELECTOR} [data-calculator-output] [data-action]')].map(n => n.dataset.action)"


def expected_keys(page: Page) -> list[str]:
    """The actions Python gives for what the form posts right now."""
    html = python_result(NAME, posted_fields(page, NAME))["html"]["actions"]
    return re.findall(r'data-action="([a-z_]+)"', html)


def tap(page: Page, question: str, answer: str) -> None:
    """Tap an answer's label, as a finger does (not the small circle)."""
    page.click(f'{FORM_SELECTOR} label[for="calc-{NAME}-{question}-{answer}"]')


def wait_for_actions(page: Page, keys: list[str]) -> None:
    """Wait until the page shows exactly these actions, computed for the reader's answers (not the example)."""
    page.wait_for_function(
        f"""keys => document.querySelector('{FORM_SELECTOR} [data-calculator-output]').dataset.state === 'current'
            && JSON.stringify(({SHOWN_KEYS})()) === JSON.stringify(keys)""",
        arg=keys,
        timeout=10_000,
    )


@pytest.fixture
def phone(booted_tab: Page, site_url: str) -> Page:
    booted_tab.set_viewport_size(PHONE)
    return arrive(booted_tab, f"{site_url}/calculators/triage/", NAME)


def test_every_answer_is_one_tap_and_visible(phone: Page) -> None:
    for field in QUESTIONS:
        group = phone.locator(f"{FORM_SELECTOR} fieldset#calc-{NAME}-{field.name}")
        expect(group.locator("legend")).to_have_text(field.label)
        for option in field.options:
            label = group.locator(f'label[for="calc-{NAME}-{field.name}-{option.value}"]')
            expect(label).to_have_text(option.label)
            expect(label).to_be_visible()  # every option shown, no dropdown to open
        assert group.locator('input[type="radio"]:checked').count() == 1
    assert phone.locator(f"{FORM_SELECTOR} select").count() == 0
    # only the checked answer of each group is posted
    assert posted_fields(phone, NAME) == FORM.defaults()


def test_a_radio_answer_changes_the_shown_actions_the_way_python_says(phone: Page) -> None:
    # the reader can pay part (the preset): negotiate, with a part payment explained
    tap(phone, "status", "overdue_months")
    first = expected_keys(phone)
    wait_for_actions(phone, first)
    assert "negotiate" in first and "acceleration" in first

    # one tap: "现在一分钱也拿不出" — the list becomes Python's list for that answer, with no "pay part first"
    tap(phone, "pay", "none")
    assert posted_fields(phone, NAME)["pay"] == "none"
    second = expected_keys(phone)
    assert second != first and "pause_request" in second and "negotiate" not in second
    wait_for_actions(phone, second)
    output = phone.locator(f"{FORM_SELECTOR} [data-calculator-output]")
    expect(output).not_to_contain_text("先还一部分")
    expect(output.locator('[data-action="pause_request"] a')).to_have_attribute(
        "href", "../../guides/negotiation/#算清收支生成发给银行的话"
    )

    # an enforcement notice: its own answers lead "today", hearing advice is absent
    tap(phone, "court", "enforcement")
    third = expected_keys(phone)
    wait_for_actions(phone, third)
    today = phone.eval_on_selector_all(
        f'{FORM_SELECTOR} [data-triage="today"] [data-action]', "nodes => nodes.map(n => n.dataset.action)"
    )
    assert today == ["enforcement_report", "enforcement_settle", "enforcement_limits"]
    assert "court_respond" not in third


def test_at_most_three_for_today_and_the_rest_fold_under_next(phone: Page) -> None:
    tap(phone, "status", "overdue_long")
    tap(phone, "family", "spouse")
    tap(phone, "collection", "lawsuit_threat")
    keys = expected_keys(phone)
    wait_for_actions(phone, keys)
    today = phone.locator(f'{FORM_SELECTOR} [data-triage="today"] > li')
    expect(today).to_have_count(3)
    fold = phone.locator(f'{FORM_SELECTOR} details[data-triage="next"]')
    expect(fold.locator("summary")).to_have_text(f"接下来（还有 {len(keys) - 3} 件）")
    later = fold.locator("li").first
    expect(later).to_be_hidden()  # folded until the reader opens it
    fold.locator("summary").click()
    expect(later).to_be_visible()


def test_the_crisis_answer_puts_120_first_above_the_list(phone: Page) -> None:
    tap(phone, "crisis", "yes")
    keys = expected_keys(phone)
    wait_for_actions(phone, keys)
    assert keys[0] == "crisis"
    crisis = phone.locator(f'{FORM_SELECTOR} [data-calculator-output] [data-action="crisis"]')
    numbers = crisis.locator('a[href^="tel:"]').all_inner_texts()
    assert numbers == ["120", "12356", "110"]


def test_arrow_keys_change_the_answer_and_the_list(phone: Page) -> None:
    tap(phone, "family", "none")  # focus the family group on its checked answer
    phone.keyboard.press("ArrowDown")  # → spouse
    assert posted_fields(phone, NAME)["family"] == "spouse"
    keys = expected_keys(phone)
    wait_for_actions(phone, keys)
    assert "family_spouse" in keys


def test_clearing_puts_back_the_preset_answers(phone: Page) -> None:
    tap(phone, "pay", "none")
    wait_for_actions(phone, expected_keys(phone))
    phone.click(f"{FORM_SELECTOR} [data-calculator-clear]")
    assert posted_fields(phone, NAME) == FORM.defaults()  # radios keep their values; the preset is checked again
    expect(phone.locator(f"{FORM_SELECTOR} [data-calculator-output]")).to_have_attribute("data-state", "example")


def test_without_javascript_the_crisis_block_lists_120_first_and_every_decision(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/calculators/triage/")
    crisis = page.locator("[data-crisis]")
    expect(crisis).to_be_visible()
    assert crisis.locator('a[href^="tel:"]').all_inner_texts() == ["120", "12356", "110"]
    listed = page.eval_on_selector_all("[data-triage-rules] [data-rule]", "nodes => nodes.map(n => n.dataset.rule)")
    assert listed == [action.key for action in rules().actions]
    context.close()


def test_every_triage_link_reaches_a_built_page_and_its_heading(built_site: Path) -> None:
    for action in rules().actions:
        page, _, anchor = action.link_page.partition("#")
        built = built_site / page.removesuffix(".md") / "index.html"
        assert built.is_file(), action.key
        if anchor:
            assert f'id="{anchor}"' in built.read_text(encoding="utf-8"), (action.key, anchor)
