"""The life tools in Chromium, through the DOM contract: the page shows what Python computes.
(The triage tool has its own file: tests/site/test_triage_browser.py.)"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from calculators.browser import run
from tests.site.calculator_page import arrive, posted_fields, wait_for_result

pytestmark = pytest.mark.browser


# The form's inputs as the framework posts them: plain names, and GROUP.INDEX.FIELD rows as lists.



def python_result(name: str, raw: dict) -> dict:
    outcome = json.loads(run(name, json.dumps(raw)))
    assert outcome["ok"], outcome
    return outcome["result"]


def raw_of(page: Page, name: str) -> dict:
    """What the form sends to the worker (untouched example rows left out)."""
    return posted_fields(page, name)


def shown_values(page: Page, name: str) -> dict[str, str]:
    return page.eval_on_selector_all(
        f'form[data-calculator="{name}"] [data-calculator-output] [data-value]',
        "nodes => Object.fromEntries(nodes.map(n => [n.dataset.value, n.textContent]))",
    )


def wait_current(page: Page, name: str) -> None:
    """The output answers the reader's latest change (its ticket), not an earlier one that reads the same."""
    wait_for_result(page, name, ("current",))


def test_credit_timeline_in_the_browser_is_the_python_result(booted_tab: Page, site_url: str) -> None:
    page = arrive(booted_tab, f"{site_url}/guides/credit/", "credit")
    page.fill('input[name="episodes.0.overdue_from"]', "2023年6月")
    page.fill('input[name="episodes.0.overdue_amount"]', "3000")
    page.fill('input[name="episodes.0.repaid_on"]', "2026/2/10")
    page.click('form[data-calculator="credit"] button[type="submit"]')
    wait_current(page, "credit")
    expected = python_result("credit", raw_of(page, "credit"))
    expect(page.locator('[data-value="hidden_from"]')).to_have_text(expected["values"]["hidden_from"])
    assert shown_values(page, "credit") == expected["values"]
    # DOMAIN: 3,000 元 from 2023-06, repaid 2026-02-10 — the months up to 2025-12 are gone by 2026-03-31, the
    # 2026-01 and 2026-02 reports are new information, kept until 2031-02-10. The page's second example row
    # (12,000 元), untouched, is not part of the reader's case: only their one episode counts
    assert page.locator('[data-row-group="episodes"][data-example="excluded"]').count() == 1
    assert len(raw_of(page, "credit")["episodes"]) == 1
    assert expected["values"]["repair"] == "部分适用"
    first = expected["tables"]["episodes"][0]
    assert first["hidden_from"] == "2026 年 3 月 31 日前（2023 年 6 月至 2025 年 12 月的逾期）"
    assert first["repair"] == "部分适用：2023 年 6 月至 2025 年 12 月的逾期适用，2026 年 1 月至 2026 年 2 月的不适用"
    expect(page.locator('[data-slot="explained"] li').first).to_contain_text("其余月份的记录仍保存到 2031 年 2 月 10 日")
    rows = page.eval_on_selector_all(
        '[data-calculator-rows="episodes"] tr', "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))"
    )
    columns = ["episode", "overdue_from", "overdue_amount", "repaid_on", "shown_until", "repair", "hidden_from"]
    assert rows == [[row[c] for c in columns] for row in expected["tables"]["episodes"]]
    svg = page.locator('[data-slot="timeline"] svg')
    assert svg.get_attribute("role") == "img"
    assert page.locator('[data-slot="explained"] li').count() == len(expected["tables"]["episodes"])
    # the calendar holds the reader's own expiry: repaid 2026-02-10, shown until 2031-02-10 (five years on)
    with page.expect_download() as download_info:
        page.click('a[data-download="calendar"]')
    download = download_info.value
    assert download.suggested_filename == "credit-timeline.ics"
    with open(download.path(), encoding="utf-8", newline="") as file:  # keep the CRLF line ends of iCalendar
        text = file.read()
    assert text == expected["downloads"]["calendar"]["text"]
    assert "DTSTART;VALUE=DATE:20310210" in text
    assert "DTSTART;VALUE=DATE:20260331" in text  # the covered months' repair date


def test_credit_refuses_a_repayment_before_the_overdue(booted_tab: Page, site_url: str) -> None:
    page = arrive(booted_tab, f"{site_url}/guides/credit/", "credit")
    page.fill('input[name="episodes.0.overdue_from"]', "2023-06")
    page.fill('input[name="episodes.0.repaid_on"]', "2023-05-01")
    page.click('form[data-calculator="credit"] button[type="submit"]')
    error = page.locator('[data-error-for="episodes.0.repaid_on"]')
    expect(error).to_have_text("还清日期早于开始逾期的时间，请核对。")
    assert error.get_attribute("role") == "alert"


def test_letter_means_and_copy_match_python(booted_tab: Page, site_url: str) -> None:
    booted_tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = arrive(booted_tab, f"{site_url}/guides/negotiation/", "letter")
    page.fill('input[name="rent"]', "5000")
    page.click('form[data-calculator="letter"] button[type="submit"]')
    wait_current(page, "letter")
    expected = python_result("letter", raw_of(page, "letter"))
    expect(page.locator('[data-value="available"]')).to_have_text(expected["values"]["available"])
    assert shown_values(page, "letter") == expected["values"]
    page.click('button[data-copy="letter-short-text"]')
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#letter-short-text").inner_text()
    assert "延期" in copied  # rent 5000 leaves nothing: the message asks for a pause


def test_letter_bad_amount_is_a_chinese_message_at_its_field(booted_tab: Page, site_url: str) -> None:
    page = arrive(booted_tab, f"{site_url}/guides/negotiation/", "letter")
    page.fill('input[name="rent"]', "-5")
    page.click('form[data-calculator="letter"] button[type="submit"]')
    outcome = json.loads(run("letter", json.dumps(raw_of(page, "letter"))))
    assert outcome["ok"] is False
    error = page.locator('[data-error-for="rent"]')
    expect(error).to_have_text(outcome["errors"]["rent"])
    assert error.get_attribute("role") == "alert"
    assert "负数" in outcome["errors"]["rent"]


HIDDEN_ON_PAPER = """e => {
  for (let node = e; node; node = node.parentElement) {
    if (getComputedStyle(node).display === "none") return true;
  }
  return getComputedStyle(e).visibility === "hidden";
}"""


def test_printing_the_letter_shows_the_letter_alone(booted_tab: Page, site_url: str) -> None:
    page = arrive(booted_tab, f"{site_url}/guides/negotiation/", "letter")
    page.evaluate("window.print = () => {}")  # the dialog itself cannot be driven headless
    page.click('button[data-print="letter-full-text"]')
    page.emulate_media(media="print")
    shown = "e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility === 'visible'"
    assert page.locator("#letter-full-text").evaluate(shown)
    # the rest of the page is gone from the paper: the title, the chat message, the inputs, the header
    for selector in ("article h1", "#letter-short-text", 'input[name="rent"]', "header"):
        assert page.locator(selector).first.evaluate(HIDDEN_ON_PAPER), selector
    # and takes no room: the default letter is one A4 sheet, not one sheet followed by blank ones
    # (hiding the rest with `visibility` alone printed 7 or 8 pages, measured 2026-11-25)
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_the_home_page_first_screen_links_the_triage_tool(browser: Browser, site_url: str) -> None:
    phone = {"width": 375, "height": 667}  # a small phone: the link must show before any scrolling
    context = browser.new_context(viewport=phone)
    page = context.new_page()
    page.goto(f"{site_url}/")
    link = page.locator('article a[href$="calculators/triage/"]').first
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None
    assert page.evaluate("window.scrollY") == 0
    assert 0 <= box["y"] and box["y"] + box["height"] <= phone["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= phone["width"], box
    assert len(link.inner_text().strip()) <= 16  # one line on a phone: read at a glance
    # prominent: a filled button, not a plain link inside a sentence
    assert link.evaluate("a => getComputedStyle(a).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    link.click()
    page.wait_for_selector('form[data-calculator="triage"]')
    assert page.url.endswith("/calculators/triage/")
    context.close()
