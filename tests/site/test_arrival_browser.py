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


# ---- 3. a guide starts the runtime before the reader taps ---------------------------------------------------

GUIDE = "/guides/handling/"  # calculator links in its first screen
GUIDE_BELOW = "/guides/accounts/"  # its one calculator link is at the end of the page
RUNTIME_FILES = ("/calc-worker.js", "/pyodide.asm.wasm", "/python_stdlib.zip", "/calculators.zip", "/calculators.js")
CALCULATOR_FILES = re.compile(r"/calculators\.js|/calc-worker\.js|/assets/pyodide/")
BACKGROUND_READY = "() => (window.__calculatorWorker?.messages ?? []).some((message) => message.type === 'ready')"


@pytest.fixture
def desktop(browser: Browser) -> BrowserContext:
    """A new profile, the service worker blocked (its precache fetches every file on purpose), a desktop screen."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, service_workers="block")
    yield context
    context.close()


def recording(context: BrowserContext) -> tuple[Page, list[str]]:
    """A new tab and the paths of every request it and its workers make."""
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.split("?")[0]))
    return page, requested


def wait_for_requests(page: Page, requested: list[str], endings: tuple[str, ...], timeout_s: float = 30) -> None:
    for _ in range(int(timeout_s * 10)):
        if all(any(url.endswith(ending) for url in requested) for ending in endings):
            return
        page.wait_for_timeout(100)
    missing = [ending for ending in endings if not any(url.endswith(ending) for url in requested)]
    raise AssertionError(f"not requested: {missing}")


def idle_a_while(page: Page) -> None:
    """Long after the page's load and its idle callback (whose deadline is 5 s): the page's clock (installed
    before it loaded) is moved on 6 s, then a second of real time lets whatever that set off send its requests."""
    page.wait_for_load_state("networkidle")
    page.clock.run_for(6000)
    page.wait_for_timeout(1000)


def test_links_of_a_text_page_to_calculator_pages_are_marked_with_their_calculators(built_site: Path) -> None:
    html = (built_site / "guides" / "handling" / "index.html").read_text(encoding="utf-8")
    article = html[html.index('<article class="md-content__inner md-typeset">') : html.index("</article>")]
    to_penalty = re.findall(r'<a ([^>]*)href="\.\./\.\./calculators/penalty/"', article)
    assert to_penalty and all(attributes == 'data-calculators="penalty" ' for attributes in to_penalty)
    to_triage = re.findall(r'<a ([^>]*)href="\.\./\.\./calculators/triage/"', article)
    assert to_triage and all(attributes == 'data-calculators="triage" ' for attributes in to_triage)
    # a guide that shows a calculator is a page with one (the letter of guides/negotiation)
    assert re.search(r'<a data-calculators="letter" href="\.\./negotiation/[^"]*"', article)
    # the navigation (on every page, in view on a desktop) and links to text pages are not marked
    outside = html.replace(article, "")
    assert "<a data-calculators=" not in outside
    assert not re.search(r'<a data-calculators="[^"]*" href="\.\./(court|credit)/"', article)
    # a calculator page starts its own runtime: its links are not marked
    calculator = (built_site / "calculators" / "triage" / "index.html").read_text(encoding="utf-8")
    assert "<a data-calculators=" not in calculator


def test_a_guide_with_a_calculator_link_in_view_starts_the_runtime_without_a_tap(desktop: BrowserContext, site_url: str) -> None:
    page, requested = recording(desktop)
    page.goto(site_url + GUIDE)
    assert page.locator('article a[data-calculators]').first.is_visible()
    wait_for_requests(page, requested, RUNTIME_FILES)
    page.wait_for_function(BACKGROUND_READY, timeout=START_MS)
    assert not any(url.endswith("/snapshot.bin") for url in requested), "never the snapshot in the background"
    assert page.url == site_url + GUIDE
    assert sum(url.endswith("/calc-worker.js") for url in requested) == 1


def test_a_calculator_link_below_the_fold_starts_nothing_until_it_comes_into_view(desktop: BrowserContext, site_url: str) -> None:
    page, requested = recording(desktop)
    page.clock.install()  # idle_a_while moves it on
    page.goto(site_url + GUIDE_BELOW)
    link = page.locator("article a[data-calculators]")
    assert link.count() == 1 and not link.evaluate("a => a.getBoundingClientRect().top < innerHeight")
    idle_a_while(page)
    assert [url for url in requested if CALCULATOR_FILES.search(url)] == []
    link.scroll_into_view_if_needed()
    wait_for_requests(page, requested, RUNTIME_FILES)


@pytest.mark.parametrize(
    "says",
    [{"saveData": True}, {"effectiveType": "2g"}, {"effectiveType": "slow-2g"}],
    ids=["save-data", "2g", "slow-2g"],
)
def test_save_data_or_a_2g_connection_starts_nothing_in_the_background(desktop: BrowserContext, site_url: str, says: dict) -> None:
    desktop.add_init_script(connection(**says))
    page, requested = recording(desktop)
    page.clock.install()  # idle_a_while moves it on
    page.goto(site_url + GUIDE)
    assert page.evaluate("[navigator.connection.saveData, navigator.connection.effectiveType]") == [
        says.get("saveData", False), says.get("effectiveType", "4g")]
    for link in page.locator("article a[data-calculators]").all():
        link.scroll_into_view_if_needed()
    idle_a_while(page)
    assert [url for url in requested if CALCULATOR_FILES.search(url)] == []


def test_on_a_3g_connection_the_guide_still_starts_the_runtime(desktop: BrowserContext, site_url: str) -> None:
    """The line is drawn below 3g: only Save-Data, 2g and slow-2g keep the runtime for the tap."""
    desktop.add_init_script(connection(effectiveType="3g"))
    page, requested = recording(desktop)
    page.goto(site_url + GUIDE)
    wait_for_requests(page, requested, RUNTIME_FILES)


def tap_through_to_the_calculator(page: Page, site_url: str) -> float:
    """Tap the guide's first penalty link; Material's instant navigation brings the calculator in. Seconds from
    the tap to the form's data-ready."""
    page.evaluate("window.__sameDocument = true")
    page.evaluate(
        """() => {
          window.__tapToReady = null;
          let tapped = null;
          addEventListener("click", () => { tapped ??= performance.now(); }, { capture: true, once: true });
          new MutationObserver((_, observer) => {
            if (document.querySelector('form[data-calculator="penalty"][data-ready="true"]')) {
              window.__tapToReady = performance.now() - tapped;
              observer.disconnect();
            }
          }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });
        }"""
    )
    page.locator('article a[href$="calculators/penalty/"]').first.click()
    page.wait_for_url(f"{site_url}/calculators/penalty/")
    page.wait_for_selector(f'{form_selector("penalty")}[data-ready="true"]', timeout=START_MS)
    assert page.evaluate("window.__sameDocument") is True, "Material's instant navigation reloaded the page"
    return page.evaluate("window.__tapToReady") / 1000


def computes_like_python(page: Page) -> None:
    page.fill('input[name="principal"]', "4321.5")
    page.fill('input[name="days"]', "33")
    page.click(f'{form_selector("penalty")} button[type="submit"]')
    wait_for_result(page, "penalty", ("current",))
    assert shown_values(page, "penalty") == python_result("penalty", posted_fields(page, "penalty"))["values"]


def test_a_calculator_tapped_from_a_guide_adopts_the_worker_started_there_and_computes_like_python(
    desktop: BrowserContext, site_url: str
) -> None:
    page, requested = recording(desktop)
    page.goto(site_url + GUIDE)
    page.wait_for_function(BACKGROUND_READY, timeout=START_MS)
    seconds = tap_through_to_the_calculator(page, site_url)
    marks = page.evaluate("performance.getEntriesByType('mark').map((mark) => mark.name)")
    assert "calc:worker created in the background" in marks
    assert "calc:worker created" not in marks, "calculators.js started a second worker"
    assert sum(url.endswith("/calc-worker.js") for url in requested) == 1
    assert sum(url.endswith("/calculators.js") for url in requested) == 1  # preloaded on the guide, run here
    print(f"tap → ready: {seconds:.2f} s")
    assert seconds < 1.5, "the worker was ready before the tap: only the page's own arrival is left"
    computes_like_python(page)


def test_a_tap_before_the_background_start_is_over_waits_for_it_then_computes(desktop: BrowserContext, site_url: str) -> None:
    """The reader taps while the runtime still downloads: the calculator page shows it loading, keeps what the
    reader types, and computes it once the worker started on the guide is ready."""
    held = []
    loader = "**/assets/pyodide/*/pyodide.mjs"
    page, requested = recording(desktop)
    page.route(loader, lambda route: held.append(route))
    page.goto(site_url + GUIDE)
    wait_for_requests(page, requested, ("/pyodide.mjs",))
    page.locator('article a[href$="calculators/penalty/"]').first.click()
    page.wait_for_url(f"{site_url}/calculators/penalty/")
    form = form_selector("penalty")
    page.wait_for_selector(f'{form}[data-mounted="true"]')
    assert page.get_attribute(form, "data-ready") is None
    assert page.get_attribute(f"{form} [data-calculator-status]", "data-kind") == "loading"
    page.fill('input[name="days"]', "21")
    page.wait_for_timeout(600)  # past the debounce: the request waits in the worker
    assert page.get_attribute(f"{form} [data-calculator-output]", "data-state") == "pending"
    for route in held:
        route.continue_()
    page.unroute(loader)
    wait_for_result(page, "penalty", ("current",))
    assert shown_values(page, "penalty") == python_result("penalty", posted_fields(page, "penalty"))["values"]
    assert sum(url.endswith("/calc-worker.js") for url in requested) == 1


def test_a_background_start_that_failed_is_replaced_when_the_calculator_arrives(desktop: BrowserContext, site_url: str) -> None:
    """The runtime could not load while the reader read the guide (the connection dropped): the calculator page
    starts a new worker instead of showing the old failure."""
    page, requested = recording(desktop)
    page.route("**/assets/pyodide/*/python_stdlib.zip", lambda route: route.abort())
    page.goto(site_url + GUIDE)
    page.wait_for_function(
        "() => (window.__calculatorWorker?.messages ?? []).some((message) => message.type === 'failed')", timeout=START_MS
    )
    page.unroute("**/assets/pyodide/*/python_stdlib.zip")
    tap_through_to_the_calculator(page, site_url)
    assert sum(url.endswith("/calc-worker.js") for url in requested) == 2
    computes_like_python(page)


# ---- the service worker on a slow or data-saving connection -------------------------------------------------


REGISTERED = "async () => Boolean(await navigator.serviceWorker.getRegistration())"


def test_on_a_data_saving_connection_the_offline_copy_waits_for_a_second_page(sw_context: BrowserContext, site_url: str) -> None:
    """About 0.6 MB for every page and the search: a reader who reads one page and leaves does not pay it."""
    sw_context.add_init_script(connection(saveData=True))
    page = sw_context.new_page()
    page.goto(site_url + "/help/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2000)
    assert page.evaluate(REGISTERED) is False
    page.locator('a.md-footer__link--next').click()  # instant navigation to the next page
    page.wait_for_function(REGISTERED, timeout=10_000)


def test_on_a_fast_connection_the_offline_copy_is_made_on_the_first_page(sw_context: BrowserContext, site_url: str) -> None:
    page = sw_context.new_page()
    page.goto(site_url + "/help/")
    page.wait_for_function(REGISTERED, timeout=10_000)
