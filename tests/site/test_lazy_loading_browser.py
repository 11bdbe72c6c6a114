"""A text page downloads neither the search index nor the calculators' code; each arrives when the reader needs it.

The search worker Material starts on every page (workers/search-lazy.js) loads the whole index, the rules, the
wrapper and Material's worker only when the reader searches, or is about to (the field gets focus); calculator
pages load calculators.js themselves (hooks/delivery/preload.py), and so does Material's instant navigation into one.
The calculators' code and runtime come to a text page only when a link to a calculator comes into view
(sw-register.js; tests/site/test_arrival_browser.py).
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route

from tests.site.calculator_page import (
    START_MS,
    form_selector,
    posted_fields,
    python_result,
    shown_values,
    wait_for_result,
)
from tests.site.test_search_browser import ANSWERED, search

pytestmark = pytest.mark.browser

TEXT_PAGE = "guides/handling/"
NO_CALCULATOR_LINK = "about/"  # a text page that links to no calculator
FULL_INDEX = "**/search/search_index.full.json"
# What only a search needs, and what only a calculator needs: none of it on a text page nobody searches.
SEARCH_FILES = re.compile(r"/search/search_index\.full\.json$|/workers/(search-zh|search-rules|search\.[0-9a-f]+\.min)\.js|/lunr/")
CALCULATOR_FILES = re.compile(r"/calculators\.js|/calc-worker\.js|/assets/pyodide/")


@pytest.fixture
def context(browser: Browser) -> BrowserContext:
    # Service workers blocked: the precache (which fetches everything on purpose) is not what is measured here.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, service_workers="block")
    yield context
    context.close()


def open_recording(context: BrowserContext, url: str) -> tuple[Page, list[str]]:
    requested: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, requested


def test_a_text_page_downloads_no_search_index_and_no_calculator_code(context: BrowserContext, site_url: str) -> None:
    page, requested = open_recording(context, f"{site_url}/{NO_CALCULATOR_LINK}")
    assert page.locator("a[data-calculators]").count() == 0
    page.wait_for_timeout(6000)  # the search worker has answered Material's SETUP, the page has been idle
    assert any(url.endswith("/search/search_index.json") for url in requested), "Material's bundle fetched no config"
    assert any(url.endswith("/workers/search-lazy.js") for url in requested), "the search worker did not start"
    assert [url for url in requested if SEARCH_FILES.search(url) or CALCULATOR_FILES.search(url)] == []


def test_a_text_page_with_a_calculator_link_in_view_still_downloads_no_search_index(context: BrowserContext, site_url: str) -> None:
    page, requested = open_recording(context, f"{site_url}/{TEXT_PAGE}")
    page.wait_for_timeout(500)
    assert [url for url in requested if SEARCH_FILES.search(url)] == []


def test_focusing_the_search_field_fetches_the_index_before_the_first_keystroke(context: BrowserContext, site_url: str) -> None:
    page, requested = open_recording(context, f"{site_url}/{TEXT_PAGE}")
    with page.expect_request(FULL_INDEX, timeout=10_000):
        page.locator(".md-search__input").click()  # nothing typed yet
    # then the rest of the search: the rules, the wrapper and Material's worker
    for _ in range(200):
        if any(url.endswith("/workers/search-rules.js") for url in requested):
            break
        page.wait_for_timeout(50)
    assert any(url.endswith("/workers/search-rules.js") for url in requested), "the rules did not load with the index"
    assert page.locator("input.md-search__input").input_value() == ""


def test_a_query_typed_before_the_index_arrives_is_answered_when_it_does(context: BrowserContext, site_url: str) -> None:
    # The answer to compare with: the same queries in a tab whose search has loaded.
    loaded = context.new_page()
    loaded.goto(f"{site_url}/")
    expected = {query: search(loaded, query) for query in ("征信", "罚息怎么算")}
    assert expected["征信"] != expected["罚息怎么算"]
    loaded.close()

    held: list[Route] = []
    page = context.new_page()
    page.route(FULL_INDEX, lambda route: held.append(route))
    page.goto(f"{site_url}/{TEXT_PAGE}")
    page.locator(".md-search__input").click()
    page.keyboard.insert_text("征信")
    page.keyboard.press("End")
    page.wait_for_timeout(300)
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("罚息怎么算")  # typed over the first query: the latest is the one to answer
    page.keyboard.press("End")
    page.wait_for_timeout(300)
    assert held, "the worker did not ask for the index"
    assert not page.evaluate(ANSWERED), "answered without the index"
    for route in held:
        route.continue_()
    page.unroute(FULL_INDEX)
    page.wait_for_function(ANSWERED, timeout=15_000)
    shown = page.eval_on_selector_all(
        ".md-search-result__list > li > a:first-of-type",
        "links => links.map(a => ({href: a.getAttribute('href'), title: a.querySelector('h1, h2')?.textContent ?? ''}))",
    )
    assert shown == expected["罚息怎么算"]


def test_a_calculator_reached_by_instant_navigation_from_a_text_page_mounts(context: BrowserContext, site_url: str) -> None:
    page, requested = open_recording(context, f"{site_url}/{TEXT_PAGE}")
    page.evaluate("window.__sameDocument = true")
    page.locator('article a[href$="calculators/penalty/"]').first.click()  # a link in the text
    page.wait_for_url(f"{site_url}/calculators/penalty/")
    page.wait_for_selector(f'{form_selector("penalty")}[data-ready="true"]', timeout=START_MS)
    assert page.evaluate("window.__sameDocument") is True, "Material's instant navigation reloaded the page"
    assert sum(url.endswith("/assets/javascripts/calculators.js") for url in requested) == 1


def test_a_second_calculator_reached_by_instant_navigation_computes(context: BrowserContext, site_url: str) -> None:
    # The worker imported only the first page's calculator before it said ready; the next one comes on demand.
    page, _ = open_recording(context, f"{site_url}/calculators/penalty/")
    page.wait_for_selector(f'{form_selector("penalty")}[data-ready="true"]', timeout=START_MS)
    page.evaluate("window.__sameDocument = true")
    page.locator('a.md-footer__link--next[href$="repayment/"]').click()
    page.wait_for_url(re.compile(re.escape(f"{site_url}/calculators/repayment/") + "(#.*)?$"))
    form = form_selector("repayment")
    page.wait_for_selector(f'{form}[data-ready="true"]', timeout=START_MS)
    assert page.evaluate("window.__sameDocument") is True, "Material's instant navigation reloaded the page"
    page.locator(f'{form} button[type="submit"]').click()
    wait_for_result(page, "repayment", ("current",))
    assert shown_values(page, "repayment") == python_result("repayment", posted_fields(page, "repayment"))["values"]
