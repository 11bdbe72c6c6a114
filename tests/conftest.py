"""Session fixtures: the site is built once (strict) and served on 127.0.0.1 for every test."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from deploy import preview

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CONTENT_TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}


_REPORT: list[str] = []


def report(line: str) -> None:
    """A figure to print at the end of the run (for example search recall), pass or fail."""
    _REPORT.append(line)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, a worker hands its figures to the controller, which prints them all."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["figures"] = list(_REPORT)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # pytest-xdist's hook, in the controller
    _REPORT.extend(getattr(node, "workeroutput", {}).get("figures", []))


# Seconds each test file took in a whole run (setup, call and teardown of its tests, module fixtures included),
# written by `make test-durations`. Only the order of the files comes from it: a stale or missing entry costs time,
# never a test.
DURATIONS = ROOT / "tests" / "durations.json"
_FILE_SECONDS: dict[str, float] = {}


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest test files first, each file's tests in their own order. `make test` hands whole files to its two
    workers in this order (`--dist loadfile --no-loadscope-reorder`; pytest-xdist would otherwise order them by how
    many tests they hold), so the long browser crawls start early and the short files fill the end. A file not yet
    in tests/durations.json counts as the longest: it is measured early, not left for last."""
    longest_files_first(items, json.loads(DURATIONS.read_text(encoding="utf-8")) if DURATIONS.exists() else {})


def longest_files_first(items: list, seconds: dict[str, float]) -> None:
    """Sort test items (anything with a `nodeid`) in place: by their file's seconds, longest first, a file with no
    figure first of all; files of equal weight, and the tests within a file, keep their order."""
    first_seen: dict[str, int] = {}
    for item in items:
        first_seen.setdefault(file_of(item.nodeid), len(first_seen))
    unknown = max(seconds.values(), default=0.0) + 1
    items.sort(key=lambda item: (-seconds.get(file_of(item.nodeid), unknown), first_seen[file_of(item.nodeid)]))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Every phase of every test, in the process that prints the results (the controller, under pytest-xdist)."""
    _FILE_SECONDS[file_of(report.nodeid)] = _FILE_SECONDS.get(file_of(report.nodeid), 0.0) + report.duration


def write_durations(config: pytest.Config) -> None:
    if os.environ.get("WRITE_TEST_DURATIONS") != "1" or hasattr(config, "workerinput"):
        return
    DURATIONS.write_text(json.dumps({name: round(value, 1) for name, value in sorted(_FILE_SECONDS.items())}, indent=1) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    write_durations(terminalreporter.config)
    if _REPORT:
        terminalreporter.section("figures")
        for line in _REPORT:
            terminalreporter.write_line(line)


def build_site(site_dir: Path, site_url: str, config_file: Path = ROOT / "mkdocs.yml") -> Path:
    """Build like `mkdocs build --strict` (any warning aborts), for the address it will be served at.

    Material's instant navigation only takes over links whose origin matches the sitemap's
    (it swaps scheme and host, not the port), so the site is built for the test server's port.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file), site_dir=str(site_dir), site_url=site_url, strict=True)
    build(config)
    return site_dir


# Violation reports of the test server's policy (every page, every worker, every browser context): the
# autouse fixture `no_csp_violation` fails the test during which one arrives. Only the test server asks for
# reports; the deployed policy sends none anywhere.
CSP_REPORT_PATH = "/__csp-report"
CSP_REPORTS: list[str] = []


def server_policy(site: Path) -> str | None:
    """The Content-Security-Policy header the build wrote for nginx (site/nginx-csp.conf), or None before the
    build. The test server sends it with every response as nginx does, so every browser test runs under the
    policy, workers included (a worker obeys the header of its own script, not the page's <meta>)."""
    from hooks.delivery.csp import NGINX_FILE

    try:
        line = (site / NGINX_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    prefix, suffix = 'add_header Content-Security-Policy "', '" always;\n'
    assert line.startswith(prefix) and line.endswith(suffix) and '"' not in line[len(prefix) : -len(suffix)], line
    return line[len(prefix) : -len(suffix)]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def end_headers(self) -> None:
        policy = server_policy(Path(self.directory))
        if policy:
            self.send_header("Content-Security-Policy", f"{policy}; report-uri {CSP_REPORT_PATH}")
        super().end_headers()

    def do_POST(self) -> None:  # noqa: N802 - name of the base class's protocol
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != CSP_REPORT_PATH:
            self.send_error(405)
            return
        CSP_REPORTS.append(body.decode("utf-8", "replace"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that leaves a page mid-download (the runtime a guide started in the background, say) resets
        its connection: not an error of the server's."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@dataclass(frozen=True)
class ServedSite:
    folder: Path
    url: str
    server: str = "python"  # which server answers: "python" (http.server) or "nginx" (deploy/nginx.conf)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """Bind 127.0.0.1 on a free port, build the site once for that address, then serve it."""
    folder = tmp_path_factory.mktemp("site")
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        build_site(folder, url + "/")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield ServedSite(folder, url)
        server.shutdown()
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def nginx_site(served_site: ServedSite) -> Iterator[ServedSite]:
    """The same built site through nginx with deploy/nginx.conf, as deployed; the Python server if nginx
    cannot start here (`make test` installs it). The site is built for served_site's port, so Material's
    instant navigation does not take over links on this origin: tests here navigate with page.goto."""
    try:
        server = preview.start(served_site.folder)
    except RuntimeError as error:
        report(f"nginx_site: nginx unavailable ({error}); the Python server served these tests instead")
        yield served_site
        return
    report(f"nginx_site: nginx{' with brotli' if server.brotli else ' without brotli'} served {server.url}")
    try:
        yield ServedSite(served_site.folder, server.url, "nginx")
    finally:
        server.stop()


@pytest.fixture(scope="session")
def built_site(served_site: ServedSite) -> Path:
    """The folder of the strictly built site."""
    return served_site.folder


@pytest.fixture(scope="session")
def site_url(served_site: ServedSite) -> str:
    """The address the built site is served at, without a trailing slash."""
    return served_site.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, headless, with its calls home switched off (the network is closed here)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The site's service worker is blocked here: every test that uses these arguments checks the site as it
    # works without one (and page.route sees every request); tests/site/test_offline_browser.py allows it.
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 375, "height": 800}, "service_workers": "block"}


@pytest.fixture(scope="module")
def booted_tab(browser, browser_context_args: dict) -> Iterator:
    """One tab for a test module's calculator tests (with the session's context arguments): the runtime booted by
    the first test stays for the next, each of which arrives at a new copy of its page
    (`tests/site/calculator_page.arrive`). For tests that neither move the page's clock, route its requests nor
    listen to its events: those open their own `page`."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def no_csp_violation() -> Iterator[None]:
    """Every test fails if the browser reported a Content-Security-Policy violation while it ran (reports
    are sent asynchronously: one that arrives late fails the next test, with its text)."""
    yield
    reports, CSP_REPORTS[:] = list(CSP_REPORTS), []
    assert reports == [], "Content-Security-Policy violations reported by the browser"


# ---- shared by the accessibility and privacy tests (tests/site/test_a11y_browser.py, test_privacy_browser.py) ----

# Records every Content-Security-Policy violation the page reports, before any of the page's own scripts run.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
});
"""


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> list[str]:
    """Every page of the built site as a path (`/`, `/guides/credit/`, `/404.html`): the sitemap plus a walk
    of the folder, so a page added later is covered with no test edit."""
    import xml.etree.ElementTree as ET
    from urllib.parse import urlparse

    tree = ET.parse(built_site / "sitemap.xml")
    from_sitemap = {urlparse(loc.text or "").path for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    walked = {
        "/" + str(index.parent.relative_to(built_site)).replace(".", "").strip("/") + "/"
        for index in built_site.rglob("index.html")
        if "assets" not in index.parts
    }
    pages = sorted({path.replace("//", "/") for path in from_sitemap | walked} | {"/404.html"})
    return pages


@pytest.fixture
def watched_context(browser, site_url: str):
    """A factory of browser contexts that record CSP violations (read them with `csp_violations(page)`)."""
    contexts = []

    def make(**options):
        context = browser.new_context(locale="zh-CN", **options)
        context.add_init_script(CSP_WATCH)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


_FUNCTION_SOURCE = re.compile(r"^\s*(async\s+)?(function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)")


@pytest.fixture(scope="session", autouse=True)
def _wait_for_function_under_csp() -> Iterator[None]:
    """The site's Content-Security-Policy forbids eval, and Playwright polls a *string expression* given to
    wait_for_function with eval (measured: EvalError once the predicate is not true at once; a function source
    is called through DevTools instead). Expressions are passed as `() => (expression)`, so every browser test
    keeps the policy on and existing tests need no edit."""
    from playwright.sync_api import Frame, Page

    originals = {cls: cls.wait_for_function for cls in (Page, Frame)}

    def wrapped(original):
        def wait_for_function(self, expression: str, *args, **kwargs):
            if not _FUNCTION_SOURCE.match(expression):
                expression = f"() => ({expression})"
            return original(self, expression, *args, **kwargs)

        return wait_for_function

    for cls, original in originals.items():
        cls.wait_for_function = wrapped(original)
    yield
    for cls, original in originals.items():
        cls.wait_for_function = original
