"""Ready when the reader arrives (issue 21, §2): the status shows how far the runtime's download is; a slow or
data-saving connection never downloads the warm-visit snapshot; and a guide with a calculator link in view starts
the calculators' runtime in the background, so the calculator the reader taps is ready at once.

Slow links are emulated through the Chrome DevTools Protocol (the page's network conditions apply to its
worker's requests too), and what the browser says about the connection through an init script that replaces
navigator.connection before the site's scripts run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.conftest import ServedSite
from tests.site.calculator_page import START_MS, form_selector, posted_fields, python_result, shown_values, wait_for_result

pytestmark = pytest.mark.browser

CALCULATOR = "/calculators/penalty/"
# Every figure the status line shows while the page loads, and whether the form was ready then.
WATCH_PROGRESS = """
window.__progress = [];
new MutationObserver(() => {
  const figure = document.querySelector("[data-calculator-progress]");
  const form = document.querySelector("form[data-calculator]");
  if (figure && window.__progress.at(-1)?.text !== figure.textContent) {
    window.__progress.push({ text: figure.textContent, ready: form?.dataset.ready === "true" });
  }
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""
SHARE = re.compile(r"^（已下载 (\d+)%，共约 (\d+\.\d) MB）$")


def connection(**says: object) -> str:
    """An init script: navigator.connection says what `says` holds (saveData, effectiveType, type)."""
    fields = {"saveData": False, "effectiveType": "4g", "type": "wifi", **says}
    return (
        "Object.defineProperty(Navigator.prototype, 'connection', {configurable: true, get: () => ("
        + json.dumps(fields)
        + ")});"
    )


def throttle(page: Page, mbit_per_s: float, latency_ms: int = 150) -> None:
    """The page's link (and its workers') as a phone's: `mbit_per_s` down, `latency_ms` for every request."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": mbit_per_s * 1e6 / 8, "uploadThroughput": 750_000 / 8},
    )


def runtime_folder(site: Path) -> Path:
    [folder] = (site / "assets" / "pyodide").iterdir()
    return folder


def stamped_sizes(site: Path) -> dict:
    worker = (site / "assets" / "javascripts" / "calc-worker.js").read_text(encoding="utf-8")
    [sizes] = re.findall(r"^const SIZES = (.*);$", worker, re.MULTILINE)
    return json.loads(sizes)


@pytest.fixture
def sw_context(browser: Browser) -> BrowserContext:
    """A new profile that allows the site's service worker, as a reader's first visit has."""
    context = browser.new_context(locale="zh-CN", service_workers="allow")
    yield context
    context.close()


# ---- 1. progress while loading -----------------------------------------------------------------------


def test_the_worker_knows_the_size_of_every_file_its_start_downloads(served_site: ServedSite) -> None:
    folder = runtime_folder(served_site.folder)
    sizes = stamped_sizes(served_site.folder)
    published = {path.name: path.stat().st_size for path in folder.iterdir() if path.suffix not in (".br", ".gz")}
    del published["snapshot.bin"]  # a start never waits for it
    assert sizes["files"] == published
    # On the wire: the brotli copies where the build made them, the rest compressed by the server; less than
    # the files themselves, more than the brotli copies alone.
    brotli = sum(path.stat().st_size for path in folder.glob("*.br") if path.name != "snapshot.bin.br")
    assert brotli < sizes["wire"] < sum(published.values())


def test_the_status_shows_how_far_the_download_is_until_ready(browser: Browser, nginx_site: ServedSite) -> None:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script(WATCH_PROGRESS)
    page = context.new_page()
    throttle(page, 4)  # about 3.6 MB: several seconds of download
    page.goto(nginx_site.url + CALCULATOR)
    page.wait_for_selector(f'{form_selector("penalty")}[data-ready="true"]', timeout=START_MS)
    seen = page.evaluate("window.__progress")
    shares = [int(match.group(1)) for item in seen if not item["ready"] and (match := SHARE.match(item["text"]))]
    assert [share for share in shares if 0 < share < 100], f"no figure between 0 and 100 % before ready: {seen}"
    assert shares == sorted(shares), "the share never goes back"
    # The whole download's size, as the build counted it for the wire.
    wire = stamped_sizes(nginx_site.folder)["wire"]
    sizes = {match.group(2) for item in seen if (match := SHARE.match(item["text"]))}
    assert sizes == {f"{wire / 1e6:.1f}"}
    status = page.locator(f'{form_selector("penalty")} [data-calculator-status]')
    assert status.get_attribute("data-kind") == "ready"
    assert page.locator("[data-calculator-progress]").count() == 0
    # The figure changes several times a second: it is hidden from screen readers, which read the live region
    # once as "loading" (checked on a page held before its first figure).
    context.close()


def test_the_loading_status_reads_whole_without_its_figure(page: Page, site_url: str) -> None:
    held = []
    page.route("**/assets/pyodide/*/pyodide.mjs", lambda route: held.append(route))
    page.goto(site_url + CALCULATOR)
    status = page.locator(f'{form_selector("penalty")} [data-calculator-status]')
    page.wait_for_selector(f'{form_selector("penalty")}[data-mounted="true"]')
    assert status.get_attribute("data-kind") == "loading"
    assert status.locator("[data-calculator-progress]").get_attribute("aria-hidden") == "true"
    assert (status.text_content() or "").startswith("计算器正在加载")
    for route in held:
        route.continue_()
    page.unroute("**/assets/pyodide/*/pyodide.mjs")
    page.wait_for_selector(f'{form_selector("penalty")}[data-ready="true"]', timeout=START_MS)
