"""The letter tool on 协商还款: the notice of what sending a promise means is on the built page before the
tool (no JavaScript needed), and in Chromium the offer the page shows for typed input is the one Python gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from calculators.datasets import from_repository
from tests.site.calculator_page import arrive, form_selector, posted_fields, python_result, shown_values

NEGOTIATION = "guides/negotiation"
FORM = form_selector("letter")


def built_page(built_site: Path) -> str:
    return (built_site / NEGOTIATION / "index.html").read_text(encoding="utf-8")


# ---- the built page, as read with JavaScript off ----------------------------------------------------------------


def test_the_notice_is_on_the_built_page_before_the_tool(built_site: Path) -> None:
    html = built_page(built_site)
    tool = html.index('<form class="calc" data-calculator="letter"')
    notice = html.rfind('<div class="admonition warning">', 0, tool)
    assert notice != -1, "a warning block stands above the letter tool"
    block = html[notice:tool]
    assert "发出去之前：这段话等于承认欠款" in block
    facts = from_repository("letters").facts
    assert facts["letter_ack_restarts_limitation"] in block  # the fact's own words, rendered at build time
    assert "很多年没人催过" in block and "转给别的公司" in block and "法律援助" in block
    assert '<a href="#写信之前诉讼时效">' in block and 'href="tel:12348"' in block
    # the link lands on the section, which explains the rule with the limitation facts
    section = html[html.index('<h2 id="写信之前诉讼时效"') : html.index('<h2 id="跟客服怎么说"')]
    for fact in ("civil_code_art195_interruption", "limitation_ack_examples", "civil_code_art192_after_expiry"):
        assert f'data-fact="{fact}"' in section, fact


def test_the_build_time_example_shows_the_notice_above_its_texts(built_site: Path) -> None:
    html = built_page(built_site)
    form = html[html.index('<form class="calc" data-calculator="letter"') :]
    notice = form.index('data-message="acknowledgement"')
    assert notice < form.index('id="letter-short-text"') < form.index('id="letter-full-text"')
    # its link lands on a heading of this page
    anchor = re.search(r'<a href="#([^"]+)">写信之前：诉讼时效</a>', form[notice:]).group(1)
    assert f'<h2 id="{anchor}"' in html


def test_the_page_writes_no_admitted_total(built_site: Path) -> None:
    html = built_page(built_site)
    assert "欠款一共" not in html
    assert "App 上显示应还[金额]元" in html  # the hand template quotes the App's figure instead


# ---- in the browser -------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_offer_for_typed_input_is_pythons(booted_tab: Page, site_url: str) -> None:
    page = arrive(booted_tab, f"{site_url}/{NEGOTIATION}/", "letter")
    assert page.locator(f'{FORM} [data-value="offer"]').text_content() == "400.00"  # the example: 500 left
    page.fill('input[name="rent"]', "1234.56")
    page.click(f'{FORM} button[type="submit"]')
    # 5300 − (1234.56 + 1200 + 0 + 800 + 300) − 1000 = 765.44 left; × 4/5 = 612.352 → 610.00; 155.44 kept back
    expect(page.locator(f'{FORM} [data-value="offer"]')).to_have_text("610.00")
    expected = python_result("letter", posted_fields(page, "letter"))
    assert expected["values"]["offer"] == "610.00" and expected["values"]["reserve"] == "155.44"
    assert shown_values(page, "letter") == expected["values"]
    assert "每月可以拿出 610.00 元" in page.locator("#letter-short-text").inner_text()


@pytest.mark.browser
def test_an_offer_above_what_is_left_shows_the_warning(booted_tab: Page, site_url: str) -> None:
    page = arrive(booted_tab, f"{site_url}/{NEGOTIATION}/", "letter")
    page.fill('input[name="offer"]', "650")
    page.click(f'{FORM} button[type="submit"]')
    # 500 left, 650 offered: 150 more than is left
    warning = page.locator(f'{FORM} [data-slot="notice"] [data-message="offer_over_available"]')
    expect(warning).to_contain_text("你填的每月 650.00 元，比收支相减剩下的 500.00 元多 150.00 元。")
    expected = python_result("letter", posted_fields(page, "letter"))
    assert shown_values(page, "letter") == expected["values"]
    shown = re.sub(r"\s+", "", page.locator(f'{FORM} [data-slot="notice"]').inner_text())
    assert shown == re.sub(r"<[^>]+>|\s+", "", expected["html"]["notice"])


@pytest.mark.browser
def test_a_statement_request_shows_no_offer(booted_tab: Page, site_url: str) -> None:
    page = arrive(booted_tab, f"{site_url}/{NEGOTIATION}/", "letter")
    page.check('input[name="purpose"][value="statement"]')
    page.click(f'{FORM} button[type="submit"]')
    expect(page.locator(f'{FORM} [data-value="verdict"]')).to_have_text("这段文字不承诺还款，也不写你能还多少。")
    assert page.locator(f'{FORM} [data-value="offer"]').text_content() == "—"
    assert page.locator(f'{FORM} [data-slot="notice"]').inner_text().strip() == ""
    assert "每月" not in page.locator("#letter-short-text").inner_text()
