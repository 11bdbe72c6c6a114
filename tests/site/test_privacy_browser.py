"""Privacy and security in Chromium: one Content-Security-Policy in every page and from the server, nothing
stored on the device, no request to another host, typed values never leave the page, and the quick exit.

Pages and calculators are discovered from the built site, so new ones are covered with no test edit. The test
server sends the build's policy as a header with every response (tests/conftest.py), and every test fails when
the browser reports a violation of it; the tests here check the policy itself and that reporting works.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import threading
import time
import urllib.error
import urllib.request
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page

from tests.conftest import CONTENT_TYPES, CSP_REPORTS, CSP_WATCH, ServedSite, csp_violations, server_policy
from tests.site.calculator_page import wait_for_result

pytestmark = pytest.mark.browser

PYODIDE_START_MS = 90_000
READY_ALL = "() => [...document.querySelectorAll('form[data-calculator]')].every(f => f.dataset.ready === 'true')"
DISTINCTIVE = "73519"  # typed into every field; must appear in no request
META = "Content-Security-Policy"
# The quick exit's blank page is a static file with its own stricter policy (default-src 'none').
OWN_POLICY_PAGES = {"assets/blank.html"}


def page_file(built_site: Path, path: str) -> Path:
    relative = path.strip("/")
    return built_site / relative if relative.endswith(".html") else built_site / relative / "index.html"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice in {policy}"
        parsed[name] = sources
    return parsed


class HeadScripts(HTMLParser):
    """What the browser sees: the <meta> policies in order within <head>, and the text of every inline script
    it would run (no src; no type, or a JavaScript type)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.policies: list[str] = []
        self.first_in_head: str | None = None
        self.inline: list[str] = []
        self._in_head = False
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif self._in_head and self.first_in_head is None:
            self.first_in_head = tag if values.get("http-equiv") != META else "csp"
        if tag == "meta" and values.get("http-equiv") == META:
            self.policies.append(values.get("content") or "")
        if tag == "script" and "src" not in values and (values.get("type") or "text/javascript") in ("text/javascript", "module"):
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline.append("".join(self._script))
            self._script = None


def read_page(path: Path) -> HeadScripts:
    parser = HeadScripts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


class PolicyServer:
    """The built site served with a chosen policy header, to measure what Pyodide needs."""

    def __init__(self, folder: Path) -> None:
        self.policy = ""
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

            def end_headers(self) -> None:
                self.send_header("Content-Security-Policy", server.policy)
                super().end_headers()

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def policy_server(built_site: Path) -> Iterator[PolicyServer]:
    server = PolicyServer(built_site)
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="module")
def header(built_site: Path) -> str:
    policy = server_policy(built_site)
    assert policy, "the build wrote site/nginx-csp.conf"
    return policy


@pytest.fixture(scope="module")
def calculator_pages(site_pages: list[str], built_site: Path) -> list[str]:
    pages = [path for path in site_pages if "data-calculator=" in page_file(built_site, path).read_text(encoding="utf-8")]
    assert pages, "the site has calculator pages"
    return pages


# ---- Content-Security-Policy ------------------------------------------------------------------------

def test_the_policy_allows_only_this_site_and_webassembly(header: str) -> None:
    found = directives(header)
    assert found["default-src"] == ["'self'"]
    assert found["connect-src"] == ["'self'"]
    assert found["worker-src"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"], "framing is refused (header only: a <meta> cannot say it)"
    keywords = [s for s in found["script-src"] if not s.startswith("'sha256-")]
    assert keywords == ["'self'", "'wasm-unsafe-eval'"], "scripts: the site's files, its inline hashes, WebAssembly; no eval"
    sources = [source for values in found.values() for source in values]
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources and "*" not in sources
    assert [s for s in sources if "://" in s or s.rstrip(":") in ("http", "https", "blob", "ws", "wss")] == []
    assert [s for s in sources if s == "data:"] == ["data:"] and found["img-src"] == ["'self'", "data:"], "data: for images only"


def test_every_page_carries_the_servers_policy_first_in_its_head(built_site: Path, header: str) -> None:
    """One policy: each page's <meta> is the header without frame-ancestors, and its hashes are exactly the
    SHA-256 of the inline scripts the site's pages contain (computed here from the HTML as a browser parses it)."""
    meta_policy = header.removesuffix("; frame-ancestors 'none'")
    assert meta_policy != header
    inline: set[str] = set()
    pages = [p for p in built_site.rglob("*.html") if p.relative_to(built_site).as_posix() not in OWN_POLICY_PAGES]
    assert len(pages) > 10
    for path in pages:
        parsed = read_page(path)
        assert parsed.policies == [meta_policy], path
        assert parsed.first_in_head == "csp", f"{path}: the policy must come before anything it governs"
        inline.update(parsed.inline)
    assert inline, "Material writes a few inline scripts"
    expected = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}
    assert {s for s in directives(header)["script-src"] if s.startswith("'sha256-")} == expected


def test_nginx_sends_the_policy_with_pages_workers_and_the_service_worker(
    nginx_site: ServedSite, header: str, calculator_pages: list[str]
) -> None:
    if nginx_site.server != "nginx":
        pytest.skip("nginx is not installed here (make test installs it)")
    for path in ("/", calculator_pages[0], "/assets/javascripts/calc-worker.js", "/sw.js", "/no-such-page/"):
        request = urllib.request.Request(nginx_site.url + path)
        try:
            with urllib.request.urlopen(request) as response:
                got = response.headers.get_all("Content-Security-Policy")
        except urllib.error.HTTPError as error:  # the 404 page carries it too
            got = error.headers.get_all("Content-Security-Policy")
        assert got == [header], path
    with pytest.raises(urllib.error.HTTPError):  # the server's own configuration is not served
        urllib.request.urlopen(nginx_site.url + "/nginx-csp.conf")


def test_a_violation_is_reported_and_would_fail_the_test(page: Page, site_url: str) -> None:
    """The guard every browser test relies on: an inline script that is not in the policy is refused and
    reported to the test server."""
    page.goto(site_url + "/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1"; document.body.append(s); }""")
    assert page.evaluate("window.__ran") is None, "the injected inline script was refused"
    deadline = time.monotonic() + 10
    while not CSP_REPORTS and time.monotonic() < deadline:
        time.sleep(0.1)
    reports, CSP_REPORTS[:] = list(CSP_REPORTS), []
    assert reports and "script-src" in reports[0], reports


def test_webassembly_needs_wasm_unsafe_eval(watched_context, policy_server: PolicyServer, header: str, calculator_pages: list[str]) -> None:
    """The measurement behind 'wasm-unsafe-eval': without it the worker cannot compile Pyodide's WebAssembly
    (Chromium reports the blocked compile) and the calculator never becomes ready. With it, and without
    'unsafe-eval', the test above computes every calculator."""
    policy_server.policy = header.replace(" 'wasm-unsafe-eval'", "")
    assert policy_server.policy != header
    page = watched_context().new_page()
    with page.expect_console_message(lambda m: "WebAssembly" in m.text and "content security policy" in m.text.lower(), timeout=PYODIDE_START_MS):
        page.goto(policy_server.url + calculator_pages[0])
    page.wait_for_timeout(2000)
    assert page.get_attribute("form[data-calculator]", "data-ready") is None


# ---- nothing stored, nothing sent -------------------------------------------------------------------

STORAGE = """async () => ({
  localStorage: Object.keys(localStorage),
  sessionStorage: Object.keys(sessionStorage),
  indexedDB: (await indexedDB.databases()).map(d => d.name),
  cookie: document.cookie,
  caches: "caches" in self ? await Promise.all((await caches.keys()).map(async k => [k, (await (await caches.open(k)).keys()).map(r => r.url)])) : [],
})"""


@dataclass
class Visit:
    """What one reader's tab did on the whole site (the `whole_visit` fixture)."""

    requests: list[tuple[str, str]]  # (URL, body) of every request of the pages, their workers, the service worker
    console: list[str]  # the console's Content-Security-Policy messages (where Chromium writes a worker's refusals)
    computed: dict[str, str]  # calculator -> the output's state once the defaults were submitted
    violations: dict[str, list[str]]  # page -> the violations it reported in the page
    stored: dict
    cookies: list


@pytest.fixture(scope="module")
def whole_visit(browser, site_url: str, site_pages: list[str], calculator_pages: list[str]) -> Visit:
    """One reader's tab (service worker allowed) on every page: the search box typed into first; on a calculator
    page, every calculator used with its example, then with DISTINCTIVE typed into every field. Then what the
    device keeps."""
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(CSP_WATCH)
    visit = Visit([], [], {}, {}, {}, [])
    context.on("request", lambda r: visit.requests.append((r.url, r.post_data or "")))
    context.on("console", lambda m: visit.console.append(m.text) if "content security policy" in m.text.lower() else None)
    page = context.new_page()
    page.goto(site_url + "/")
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.insert_text(DISTINCTIVE + " 罚息")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__meta", timeout=20_000)
    for path in site_pages:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        if path in calculator_pages:
            page.wait_for_function(READY_ALL, timeout=PYODIDE_START_MS)
            names = [form.get_attribute("data-calculator") or "" for form in page.locator("form[data-calculator]").all()]
            for name in names:
                page.locator(f'form[data-calculator="{name}"] button[type="submit"]').first.click()
                wait_for_result(page, name)
                visit.computed[name] = page.get_attribute(f'form[data-calculator="{name}"] [data-calculator-output]', "data-state") or ""
            for field in page.locator("form[data-calculator] input:not([type=hidden]):not([type=radio]):visible").all():
                field.fill(DISTINCTIVE)
            for name in names:
                page.locator(f'form[data-calculator="{name}"] button[type="submit"]').first.click()
            for name in names:
                wait_for_result(page, name)
        visit.violations[path] = csp_violations(page)
    visit.stored = page.evaluate(STORAGE)
    visit.cookies = context.cookies()
    context.close()
    return visit


def test_every_calculator_starts_and_computes_under_the_policy(whole_visit: Visit, calculator_pages: list[str], built_site: Path) -> None:
    """The header is on for the pages and for the calculators' worker (the autouse guard fails on a report);
    the console is checked as well, where Chromium also writes a worker's refusals."""
    names = {name for path in calculator_pages for name in re.findall(r'data-calculator="([a-z_]+)"', page_file(built_site, path).read_text(encoding="utf-8"))}
    assert names and whole_visit.computed == {name: "current" for name in names}
    assert whole_visit.console == []
    assert {path: found for path, found in whole_visit.violations.items() if found} == {}


def test_using_every_calculator_stores_nothing(whole_visit: Visit, site_url: str) -> None:
    stored = dict(whole_visit.stored)
    own_caches = [url for _, urls in stored.pop("caches") for url in urls if not url.startswith(site_url + "/")]
    assert stored == {"localStorage": [], "sessionStorage": [], "indexedDB": [], "cookie": ""}
    assert own_caches == [], "a cache holds a file from another host"
    assert whole_visit.cookies == []


def test_the_whole_site_requests_only_its_own_host_and_typed_values_never_leave(whole_visit: Visit, site_url: str) -> None:
    """Every page, with every calculator used and the search box typed into: requests of the pages, their
    workers and the service worker (the context sees them all) go to this site only, and what the reader
    typed is in none of them."""
    requests = whole_visit.requests
    host = urlparse(site_url).netloc
    foreign = sorted({url for url, _ in requests if not url.startswith(("data:", "blob:")) and urlparse(url).netloc != host})
    assert foreign == []
    leaked = [url for url, body in requests if DISTINCTIVE in url or DISTINCTIVE in body]
    assert leaked == []
    paths = {urlparse(url).path for url, _ in requests}
    assert any(p.endswith(".wasm") for p in paths) and any(p.endswith("search_index.json") for p in paths), "workers' requests were seen"


# ---- quick exit and help ----------------------------------------------------------------------------

def test_quick_exit_replaces_the_page_so_back_does_not_return(watched_context, site_url: str) -> None:
    page = watched_context().new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "/")
    page.goto(site_url + "/guides/collection/")
    page.click("[data-quick-exit]")
    page.wait_for_url("**/assets/blank.html")
    assert page.title() == "新标签页" and page.inner_text("body").strip() == ""
    page.go_back()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/", "Back skips the page that was left"
    assert all(urlparse(url).netloc == urlparse(site_url).netloc for url in requests)


def test_escape_twice_leaves_and_once_does_not(watched_context, site_url: str) -> None:
    page = watched_context().new_page()
    page.goto(site_url + "/")
    page.goto(site_url + "/faq/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1700)  # longer than the two-press window: a single Escape stays
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert urlparse(page.url).path == "/faq/"
    page.keyboard.press("Escape")
    page.wait_for_url("**/assets/blank.html")
    page.go_back()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/"


def test_quick_exit_and_help_are_on_every_page(watched_context, site_url: str, site_pages: list[str]) -> None:
    page = watched_context(java_script_enabled=False).new_page()
    for path in site_pages:
        page.goto(site_url + path)
        leave = page.locator("[data-quick-exit]")
        assert leave.count() == 1 and leave.inner_text().strip() == "快速离开", path
        assert leave.evaluate("a => a.href") == site_url + "/assets/blank.html", path
        help_link = page.locator("[data-help-link]")
        assert help_link.text_content().strip() == "更多求助电话和办法", path  # inside the closed 求助电话 panel
        assert help_link.evaluate("a => a.href") == site_url + "/help/", path
