"""Printing, as Chromium lays the page out for paper (emulate_media print): every page prints its article
without navigation or buttons, links to other sites followed by their address; a calculator prints the
reader's result; the letter's print button prints the letter alone.

Pages, calculators and the letter are discovered from the built site: a page added later is covered too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.site.calculator_page import arrive

pytestmark = pytest.mark.browser

A4 = {"width": 794, "height": 1123}  # A4 at 96 CSS px per inch

# What a printed page shows that it should not: navigation, search, the quick exit, any button; and whether the
# article and its text are there. Visible = laid out with a box and not visibility:hidden.
PRINTED = """() => {
  const shown = e => e.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && e.getClientRects().length > 0;
  const chrome = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".md-top", "[data-quick-exit]", "[data-help-link]"]
    .flatMap(s => [...document.querySelectorAll(s)]).filter(shown).map(e => e.className || e.tagName);
  const buttons = [...document.querySelectorAll("button, .md-button, [role=button]")].filter(shown)
    .map(e => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}"`);
  const article = document.querySelector("article.md-content__inner");
  const links = [...(article ? article.querySelectorAll("a[href]") : [])].filter(shown).map(a => ({
    href: a.getAttribute("href"), after: getComputedStyle(a, "::after").content, near: a.parentElement.innerText.replace(a.innerText, "") }));
  return { chrome, buttons, articleShown: !!article && shown(article), text: article ? article.innerText.trim().length : 0,
           wide: document.documentElement.scrollWidth - document.documentElement.clientWidth, links };
}"""


def page_html(built_site: Path, path: str) -> str:
    relative = path.strip("/")
    file = built_site / relative if relative.endswith(".html") else built_site / relative / "index.html"
    return file.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def paper(browser: Browser) -> Page:
    """One tab for the module, at A4, print media: calculator pages after the first arrive by instant navigation
    with the runtime already started (calculator_page.arrive)."""
    context = browser.new_context(locale="zh-CN", viewport=A4)
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def check_printed(page: Page, where: str) -> dict:
    printed = page.evaluate(PRINTED)
    assert printed["chrome"] == [], f"{where}: navigation printed"
    assert printed["buttons"] == [], f"{where}: buttons printed"
    assert printed["articleShown"] and printed["text"] > 20, f"{where}: the article is not printed"
    assert printed["wide"] <= 1, f"{where}: {printed['wide']} px wider than the paper"
    for link in printed["links"]:
        external = link["href"].startswith(("http://", "https://"))
        if external and link["href"] in link["near"]:
            assert link["after"] == "none", (where, link)  # the address is printed beside it already
        elif external:
            # The address follows the link text, so a reader of the paper can find the source.
            assert link["after"] == f'" ({link["href"]})"', (where, link)
        else:
            assert link["after"] in ("none", "normal"), (where, link)
    return printed


def test_every_page_prints_its_article_without_navigation_or_buttons(paper: Page, site_url: str, site_pages: list[str]) -> None:
    external = 0
    for path in site_pages:
        paper.goto(site_url + path)
        printed = check_printed(paper, path)
        external += sum(link["href"].startswith("http") for link in printed["links"])
    assert external > 0, "some page links to a source on another site: the address check ran"


def test_calculators_print_the_readers_result(paper: Page, site_url: str, built_site: Path, site_pages: list[str]) -> None:
    pages = [path for path in site_pages if "data-calculator=" in page_html(built_site, path)]
    assert pages
    for path in pages:
        arrive(paper, site_url + path)
        paper.emulate_media(media="print")
        for form in paper.locator("form[data-calculator]").all():
            form.evaluate("f => f.requestSubmit()")
            expect(form.locator("[data-calculator-output]")).to_have_attribute("data-state", "current")
            for value in form.locator("[data-calculator-output] [data-value]").all():
                if value.evaluate("v => !v.closest('[hidden]')"):
                    expect(value).to_be_visible()
            expect(form.locator("[data-calculator-status]")).to_be_hidden()
            for field in form.locator(".calc__fields input:not([type=hidden])").all():
                if field.evaluate("f => !f.closest('[hidden]')"):
                    expect(field).to_be_visible()  # the values the result was computed from are on the paper
        check_printed(paper, path)


def test_the_letters_print_button_prints_the_letter_alone(paper: Page, site_url: str, built_site: Path, site_pages: list[str]) -> None:
    pages = [path for path in site_pages if "data-print=" in page_html(built_site, path)]
    assert pages, "the letter page has a print button"
    for path in pages:
        arrive(paper, site_url + path)
        paper.emulate_media(media="print")
        for button in paper.locator("[data-print]").all():
            target = button.get_attribute("data-print")
            # The button is hidden on paper: press it as the screen would (print media is only emulated).
            printed = paper.evaluate("window.__printed || 0")
            button.evaluate("b => b.click()")
            assert paper.evaluate("window.__printed") == printed + 1
            outside = paper.evaluate(
                """(id) => { const t = document.getElementById(id);
                  return [...document.body.querySelectorAll("*")].filter(e => !t.contains(e) && !e.contains(t)
                    && getComputedStyle(e).visibility === "visible" && e.getClientRects().length > 0
                    && (e.innerText || "").trim()).map(e => e.tagName + "." + e.className).slice(0, 5); }""",
                target,
            )
            assert outside == [], f"{path}: printed beside the letter"
            letter = paper.locator(f"#{target}")
            expect(letter).to_be_visible()
            assert len(letter.inner_text().strip()) > 100
            box = letter.bounding_box()
            assert box and box["x"] <= 1 and box["y"] <= 1, "the letter starts at the top left of the paper"
            paper.evaluate("window.dispatchEvent(new Event('afterprint'))")
            assert paper.evaluate("document.documentElement.dataset.printOnly") is None
