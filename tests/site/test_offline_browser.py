"""After a first visit, the site works with the network off: every page, search and every calculator.

Served through nginx with deploy/nginx.conf (the `nginx_site` fixture; the Python server where nginx
is missing, as the figures section says), in a browser context that allows the site's service worker.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from calculators.browser import run
from tests.conftest import ServedSite
from tests.site.calculator_page import arrive, posted_fields, wait_for_result

pytestmark = pytest.mark.browser

START_MS = 90_000  # a cold Pyodide start on a loaded 2-core CI machine
CALCULATOR = re.compile(r'<form[^>]* data-calculator="([a-z_]+)"')


def pages(site: Path) -> list[str]:
    """Every page of the built site, as its URL path."""
    return sorted("/" + f"{path.parent.relative_to(site).as_posix()}/".removeprefix("./") for path in site.rglob("index.html"))


def calculators(site: Path) -> dict[str, list[str]]:
    """Page URL path → the calculators its forms name, discovered from the built pages."""
    found = {}
    for path in pages(site):
        names = CALCULATOR.findall((site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
        if names:
            found[path] = names
    return found


@pytest.fixture
def context(browser: Browser) -> BrowserContext:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 900}, service_workers="allow")
    yield context
    context.close()


# True once the service worker's runtime cache holds every file the worker loads (none was fetched through it).
RUNTIME_ADOPTED = """async () => {
  const name = (await caches.keys()).find((key) => key.startsWith("wsd-runtime-"));
  if (!name) return false;
  const urls = (await (await caches.open(name)).keys()).map((request) => request.url);
  return ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "calculators.zip"]
    .every((file) => urls.some((url) => url.endsWith("/" + file)));
}"""


def wait_until_the_runtime_is_cached(page: Page) -> None:
    deadline = time.monotonic() + 30
    while not page.evaluate(RUNTIME_ADOPTED):  # evaluate awaits the promise (wait_for_function would not)
        assert time.monotonic() < deadline, "the service worker did not put the runtime into its cache"
        page.wait_for_timeout(200)


def first_visit(page: Page, site: ServedSite, calculator_page: str) -> None:
    """A reader opens the home page, then one calculator: the service worker caches the runtime on first use, and
    had every page in its precache, so every other calculator works offline though the reader never opened it."""
    page.goto(f"{site.url}/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=30_000)
    arrive(page, f"{site.url}{calculator_page}")
    wait_until_the_runtime_is_cached(page)


def test_the_discovery_finds_the_site_pages_and_its_calculators(built_site: Path) -> None:
    assert "/" in pages(built_site) and "/calculators/penalty/" in pages(built_site)
    assert calculators(built_site)["/calculators/penalty/"] == ["penalty"]


def test_after_a_first_visit_pages_search_and_every_calculator_work_offline(context: BrowserContext, nginx_site: ServedSite) -> None:
    found = calculators(nginx_site.folder)
    page = context.new_page()
    first_visit(page, nginx_site, next(iter(found)))
    context.set_offline(True)

    for path in pages(nginx_site.folder):
        response = page.goto(f"{nginx_site.url}{path}")
        assert response is not None and response.ok, path
        assert response.from_service_worker, f"{path} did not come from the service worker"
        expect(page.locator("h1").first).to_be_visible()

    page.goto(f"{nginx_site.url}/")
    page.locator(".md-search__input").click()
    page.keyboard.insert_text("罚息")
    page.keyboard.press("End")
    first_result = page.locator(".md-search-result__list > li > a").first
    expect(first_result).to_be_visible(timeout=15_000)

    for path, names in found.items():
        arrive(page, f"{nginx_site.url}{path}")
        for name in names:
            form = page.locator(f'form[data-calculator="{name}"]')
            form.locator("button[type=submit]").click()
            output = form.locator("[data-calculator-output]")
            wait_for_result(page, name)
            expected = json.loads(run(name, json.dumps(posted_fields(page, name))))
            assert expected["ok"], (name, expected)  # the defaults are valid input
            shown = output.evaluate("o => Object.fromEntries([...o.querySelectorAll('[data-value]')].map(n => [n.dataset.value, n.textContent]))")
            assert shown == expected["result"]["values"], name


def test_a_calculator_page_opened_offline_for_the_first_time_shows_its_example(context: BrowserContext, nginx_site: ServedSite) -> None:
    """Without a first visit there is nothing cached: the page cannot load, and the browser says so."""
    page = context.new_page()
    context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(f"{nginx_site.url}/calculators/penalty/")


def test_on_a_calculator_page_the_service_worker_waits_for_the_calculator(context: BrowserContext, nginx_site: ServedSite) -> None:
    """The precache must not share a slow link with the runtime: sw-register.js registers on a calculator
    page only once the calculator is ready (or has failed), and then it does register."""
    page = context.new_page()
    held = []
    loader = "**/assets/pyodide/*/pyodide.mjs"

    def hold(route) -> None:
        held.append(route)

    page.route(loader, hold)
    page.goto(f"{nginx_site.url}/calculators/penalty/", wait_until="load")
    page.wait_for_timeout(1000)
    assert held, "the worker did not request pyodide.mjs"
    registration = "navigator.serviceWorker.getRegistration().then(r => r !== undefined)"
    assert page.evaluate(registration) is False  # loaded, but the calculator is not ready yet
    for route in held:
        route.continue_()
    page.unroute(loader)
    expect(page.locator('form[data-calculator="penalty"]')).to_have_attribute("data-ready", "true", timeout=START_MS)
    page.wait_for_function(f"() => {registration}", timeout=10_000)


def test_a_calculator_opened_first_computes_on_the_second_visit_offline(context: BrowserContext, nginx_site: ServedSite) -> None:
    """A reader whose first page is a calculator: the runtime came from the network before the service worker
    existed; on activation the worker copies it from the HTTP cache into its own (which the browser does not
    evict like the HTTP cache), so a second visit offline computes."""
    page = context.new_page()
    page.goto(f"{nginx_site.url}/calculators/penalty/")
    expect(page.locator('form[data-calculator="penalty"]')).to_have_attribute("data-ready", "true", timeout=START_MS)
    wait_until_the_runtime_is_cached(page)
    page.close()
    context.set_offline(True)
    page = context.new_page()
    page.goto(f"{nginx_site.url}/calculators/penalty/")
    form = page.locator('form[data-calculator="penalty"]')
    expect(form).to_have_attribute("data-ready", "true", timeout=START_MS)
    page.fill('input[name="days"]', "12")
    form.locator("button[type=submit]").click()
    expected = json.loads(run("penalty", json.dumps(posted_fields(page, "penalty"))))["result"]["values"]
    output = form.locator("[data-calculator-output]")
    wait_for_result(page, "penalty", ("current",))
    shown = output.evaluate("o => Object.fromEntries([...o.querySelectorAll('[data-value]')].map(n => [n.dataset.value, n.textContent]))")
    assert shown == expected
