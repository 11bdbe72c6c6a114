"""Warm visits start from the runtime's memory snapshot (made by scripts/precompile_stdlib.mjs, loaded by
calc-worker.js): after a first start the page caches it through the service worker, and the next visit starts
from it and computes what Python computes. A broken snapshot falls back to the normal start. It costs about as
many bytes as the runtime: a reader whose browser asks to save data, says the connection is 3g or slower, or
whose first start downloaded slower than 5 Mbit/s (Chrome calls a 150 ms link "4g" however thin) never
downloads it."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request

from tests.conftest import ServedSite
from tests.site.calculator_page import START_MS, form_selector, posted_fields, python_result, shown_values, wait_for_result

pytestmark = pytest.mark.browser

CALCULATOR = "/calculators/penalty/"
MARKS = "() => performance.getEntriesByType('mark').map((mark) => mark.name)"
SNAPSHOT_CACHED = """async () => {
  for (const name of await caches.keys()) {
    const requests = await (await caches.open(name)).keys();
    if (requests.some((request) => request.url.endsWith("/snapshot.bin"))) return true;
  }
  return false;
}"""
CONTROLLED = "() => navigator.serviceWorker.controller !== null"


@pytest.fixture
def sw_context(browser: Browser) -> BrowserContext:
    """A new profile that allows the site's service worker (the `page` fixture's context blocks it)."""
    context = browser.new_context(locale="zh-CN", service_workers="allow")
    yield context
    context.close()


def open_ready(page: Page, url: str) -> list[str]:
    """Open the calculator, wait until it is ready; the start's marks (calculators.js, calc-worker.js)."""
    page.goto(url)
    page.wait_for_selector(f'{form_selector("penalty")}[data-ready="true"]', timeout=START_MS)
    return page.evaluate(MARKS)


def computes_like_python(page: Page) -> None:
    page.fill('input[name="days"]', "12")
    page.click(f'{form_selector("penalty")} button[type="submit"]')
    expected = python_result("penalty", posted_fields(page, "penalty"))["values"]
    wait_for_result(page, "penalty", ("current",))
    assert shown_values(page, "penalty") == expected


def test_the_build_publishes_a_snapshot_and_tells_the_worker(served_site: ServedSite) -> None:
    worker = (served_site.folder / "assets" / "javascripts" / "calc-worker.js").read_text(encoding="utf-8")
    assert 'const SNAPSHOT = "snapshot.bin";' in worker, "`make setup` makes the snapshot for these calculators"
    [runtime] = (served_site.folder / "assets" / "pyodide").iterdir()
    assert (runtime / "snapshot.bin").stat().st_size > 16 * 2**20  # Pyodide's memory: tens of MB


def test_a_second_visit_starts_from_the_snapshot_and_computes(sw_context: BrowserContext, nginx_site: ServedSite) -> None:
    page = sw_context.new_page()
    asked: list[Request] = []  # by the page or its worker (the service worker's own fetch is not counted)
    page.on("request", lambda request: asked.append(request) if request.url.endswith("/snapshot.bin") else None)
    marks = open_ready(page, nginx_site.url + CALCULATOR)
    assert "calc:worker:python started" in marks  # a first visit starts normally: nothing was cached
    deadline = time.monotonic() + 90
    while not page.evaluate(SNAPSHOT_CACHED):  # after the start, once the service worker controls the page
        assert time.monotonic() < deadline, "the page did not cache the snapshot after the first start"
        page.wait_for_timeout(250)
    assert len(asked) == 1, "fetched once"
    ready, caching = page.evaluate("['calc:data-ready', 'calc:snapshot caching'].map((name) => performance.getEntriesByName(name)[0].startTime)")
    assert caching >= ready, "fetched after the calculator was ready, not on the way to it"
    page.close()

    page = sw_context.new_page()
    marks = open_ready(page, nginx_site.url + CALCULATOR)
    assert "calc:worker:python started from the snapshot" in marks
    assert "calc:worker:python started" not in marks
    computes_like_python(page)


def test_a_broken_snapshot_falls_back_to_the_normal_start(page: Page, nginx_site: ServedSite) -> None:
    # `page` blocks service workers: nothing but this test puts a snapshot in a cache.
    open_ready(page, nginx_site.url + CALCULATOR)
    url = page.evaluate("document.querySelector('link[href$=\"pyodide.asm.wasm\"]').href.replace(/pyodide\\.asm\\.wasm$/, 'snapshot.bin')")
    # Zeros: not a snapshot Pyodide can start from.
    page.evaluate("async (url) => (await caches.open('test-broken')).put(url, new Response(new Uint8Array(4 * 65536)))", url)
    marks = open_ready(page, nginx_site.url + CALCULATOR)
    assert "calc:worker:snapshot failed" in marks, " | ".join(marks)
    assert "calc:worker:python started" in marks
    computes_like_python(page)


def never_downloads_the_snapshot(page: Page, url: str, after_start=lambda: None) -> None:
    """Open the calculator and wait until it is ready; then install the service worker by hand (on a slow or
    data-saving link sw-register.js would wait for a second page) and stay until it controls the page and 3 s
    more, where a fast link's page fetches the snapshot (after 1 s of idle time,
    test_a_second_visit_starts_from_the_snapshot_and_computes): no request for it, none cached. (Installed after
    the start, not before: CDP's network emulation of a page does not reach its service worker's own fetches.)"""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if request.url.endswith("/snapshot.bin") else None)
    open_ready(page, url)
    after_start()
    page.evaluate("() => navigator.serviceWorker.register(new URL('/sw.js', location.href))")
    page.wait_for_function(CONTROLLED, timeout=60_000)
    page.wait_for_timeout(3000)
    assert not asked
    assert not page.evaluate(SNAPSHOT_CACHED)
    assert "calc:snapshot caching" not in page.evaluate(MARKS)


def test_a_reader_who_saves_data_never_downloads_the_snapshot(sw_context: BrowserContext, nginx_site: ServedSite) -> None:
    sw_context.add_init_script("Object.defineProperty(navigator.connection, 'saveData', {get: () => true})")
    never_downloads_the_snapshot(sw_context.new_page(), nginx_site.url + CALCULATOR)


@pytest.mark.parametrize("effective_type", ["3g", "2g", "slow-2g"])
def test_a_connection_the_browser_calls_3g_or_slower_never_downloads_the_snapshot(
    sw_context: BrowserContext, nginx_site: ServedSite, effective_type: str
) -> None:
    sw_context.add_init_script(f"Object.defineProperty(navigator.connection, 'effectiveType', {{get: () => '{effective_type}'}})")
    never_downloads_the_snapshot(sw_context.new_page(), nginx_site.url + CALCULATOR)


def test_a_first_start_that_downloaded_slowly_never_downloads_the_snapshot(sw_context: BrowserContext, nginx_site: ServedSite) -> None:
    """3 Mbit/s with a 150 ms round trip: the browser calls it 4g, saves no data, is not cellular; the worker's
    own measure of its download is what says the link is slow."""
    page = sw_context.new_page()
    cdp = sw_context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150, "downloadThroughput": 3e6 / 8, "uploadThroughput": 750_000 / 8})
    page.goto(nginx_site.url + "/help/")  # what the browser says about this link
    said = page.evaluate("[navigator.connection.effectiveType, navigator.connection.saveData, navigator.connection.type ?? null]")
    assert said == ["4g", False, None]
    # Once the start has measured the link, the link is made fast again: a snapshot the page still wanted would
    # now come at once, and the service worker's install does not crawl on a loaded machine.
    fast = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    never_downloads_the_snapshot(page, nginx_site.url + CALCULATOR, lambda: cdp.send("Network.emulateNetworkConditions", fast))
    assert page.evaluate("window.__calculatorsSlowLink") is True  # the worker's own measure said so
