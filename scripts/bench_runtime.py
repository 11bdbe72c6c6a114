"""Print the site's speed figures in one run (`make bench`), ours side by side with stock Pyodide.

Everything is served by nginx with deploy/nginx.conf (the Python server only where nginx is missing,
and the output says so), in Debian's headless Chromium, median of RUNS runs:
1. calculator ready (form `data-ready`), cold (new profile), warm (second visit) and offline (third visit
   with the network off), against a bare page that runs the untouched npm Pyodide (`loadPyodide()` in a
   module worker, its files served the same way: precompressed, immutable) — and the ratios; then where our
   cold and warm starts spend their time (the calc:… performance marks of calculators.js and calc-worker.js);
2. the same under an emulated phone (CDP: 9 Mbit/s down, 150 ms RTT, 4x CPU slowdown);
3. bytes on the wire, from nginx's own log ($bytes_sent): a calculator page cold and warm, a text page,
   the service worker's install, and a plain mkdocs-material page with the same text;
4. first result once ready (button, and typing with the form's debounce), and input typed before ready;
5. main-thread long tasks during start (count, longest, total blocking time);
6. build time for the site and with 100 and 1,000 generated pages, and the share spent in our hooks, each build
   in a fresh process (scripts/bench_build.py), with the build cache cold and warm;
7. the first search on a text page opened cold, whose search loads only when the reader starts to use it;
8. `slow`: a first visit to a calculator under the issue's slow profile (CDP: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s
   up, 4x CPU; Lighthouse's mobile throttling): readable (first contentful paint), ready, the bytes of the whole
   visit (load and 15 s after ready, the service worker's install included) and the ratio of ready to the pure
   transfer time of the bytes requested before ready;
9. `arrival`: reaching a calculator the way most readers do, from a guide: open the guide, let it go idle with a
   calculator link in view, tap the link, time to ready (median), beside the calculator page opened cold; and
   what the guide costs a reader who never taps (bytes, CPU time of the browser's processes, their memory),
   against the same guide with Save-Data on (no prefetch).
Figures, never pass/fail. BENCH_RUNS=n changes the count; BENCH_SECTIONS=ready,phone,… picks sections.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable

from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators.browser import run  # noqa: E402
from deploy import preview  # noqa: E402
from tests.conftest import CHROMIUM, build_site  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BUILD_RUNS = int(os.environ.get("BENCH_BUILD_RUNS", "3"))  # section 6: builds of each size, cold and warm
CALCULATOR = "/calculators/penalty/"
TEXT_PAGE = "/guides/handling/"
STOCK_FOLDER = "assets/pyodide/000000000000"  # a runtime-like folder: the server treats stock like ours
STOCK_PAGE = "/stock-pyodide/"
PHONE = {"latency": 150, "down": 9_000_000 / 8, "up": 2_000_000 / 8, "cpu": 4}
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
TIMEOUT = 180_000
SECTIONS = ("ready", "phone", "bytes", "typing", "long", "build", "search", "slow", "arrival")
# The slow profile: what Lighthouse calls mobile throttling (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up,
# 4x CPU slowdown). Chrome's own DevTools preset "Slow 3G" is slower still (2 s latency, 400 kbit/s).
SLOW = {"latency": 150, "down": 1_600_000 / 8, "up": 750_000 / 8, "cpu": 4}
SLOW_LABEL = "slow 3G as in the issue (Lighthouse's mobile profile): 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, 4x CPU"
AFTER_READY_S = 15  # the whole visit: the load, then this long on the page once the calculator is ready
GUIDE = "/guides/handling/"  # a guide with calculator links near its top
GUIDE_LINK = 'article a[href$="calculators/penalty/"]' 

# Recorded from navigation start, in every page: when the page became ready, and long tasks.
INIT_SCRIPT = """
window.__bench = {ready: null, longTasks: [], fcp: null, tap: null};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration);
}).observe({type: "longtask", buffered: true});
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") window.__bench.fcp = entry.startTime;
}).observe({type: "paint", buffered: true});
addEventListener("click", () => { window.__bench.tap = performance.now(); }, true);
new MutationObserver(() => {
  if (window.__bench.ready === null && document.querySelector("[data-ready='true']")) {
    window.__bench.ready = performance.now();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-ready"], childList: true});
"""
STOCK_HTML = """<!doctype html><meta charset="utf-8"><title>stock Pyodide</title>
<p>stock npm Pyodide, loadPyodide() in a module worker</p>
<script type="module" src="main.js"></script>"""
# A file, not an inline script: the server sends the site's Content-Security-Policy with this page too.
STOCK_MAIN = """const worker = new Worker("./worker.js", {type: "module"});
worker.onmessage = () => { document.body.dataset.ready = "true"; };
"""
STOCK_WORKER = f"""const indexURL = new URL("../{STOCK_FOLDER}/", import.meta.url).href;
const {{ loadPyodide }} = await import(indexURL + "pyodide.mjs");
await loadPyodide({{ indexURL }});
postMessage("ready");
"""
# Where a start's time goes: the page's navigation, the runtime's downloads (resource timing) and the stages
# calculators.js and calc-worker.js mark (calc:…, calc:worker:…), in ms from navigation start.
BREAKDOWN = """() => {
  const out = {};
  const nav = performance.getEntriesByType("navigation")[0];
  out["page: HTML received"] = nav.responseEnd;
  out["page: DOMContentLoaded"] = nav.domContentLoadedEventEnd;
  for (const entry of performance.getEntriesByType("resource")) {
    if (!entry.name.includes("/assets/pyodide/")) continue;
    const file = entry.name.split("/").pop();
    out[`page preload: ${file} done${entry.transferSize === 0 ? " (cache)" : ""}`] = entry.responseEnd;
  }
  for (const entry of performance.getEntriesByType("mark")) {
    if (entry.name.startsWith("calc:")) out[entry.name.slice(5)] = entry.startTime;
  }
  return out;
}"""
SERVICE_WORKER_ACTIVE = """() => Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
])"""
# Ours only: wait (up to 60 s) until the page has cached the runtime's memory snapshot after a start.
SNAPSHOT_CACHED = """async () => {
  if (!document.querySelector("form[data-calculator]")) return false;
  const deadline = performance.now() + 60000;
  while (performance.now() < deadline) {
    for (const name of await caches.keys()) {
      const requests = await (await caches.open(name)).keys();
      if (requests.some((request) => request.url.endsWith("/snapshot.bin"))) return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""
ROUND_TRIP = """async () => {
  const out = document.querySelector('[data-value="penalty"]');
  const input = document.querySelector('input[name="principal"]');
  const before = out.textContent;
  const start = performance.now();
  input.value = String(1000 + Math.floor(Math.random() * 1000));
  input.form.requestSubmit();
  while (out.textContent === before) await new Promise(r => setTimeout(r, 1));
  return performance.now() - start;
}"""
TYPED = """async (value) => {
  const out = document.querySelector('[data-value="penalty"]');
  const input = document.querySelector('input[name="principal"]');
  const before = out.textContent;
  input.focus(); input.select();
  const start = performance.now();
  input.value = value;
  input.dispatchEvent(new InputEvent("input", {bubbles: true, data: value, inputType: "insertText"}));
  while (out.textContent === before) await new Promise(r => setTimeout(r, 1));
  return performance.now() - start;
}"""


# ---------------------------------------------------------------------------------------------- setup


def prepare(folder: Path) -> tuple[Path, preview.Nginx | None, str, Path]:
    """Build the site for the server's address, add the stock page and a plain Material page; serve it."""
    site = folder / "site"
    log = folder / "access.log"
    port = preview.free_port()
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    build_site(site, url + "/")
    print(f"(site built in {time.perf_counter() - start:.1f} s)")
    stock = site / STOCK_FOLDER
    stock.mkdir(parents=True)
    packed = ROOT / ".cache" / "pyodide" / "precompressed"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        shutil.copy(ROOT / "node_modules" / "pyodide" / name, stock / name)
        if name != "python_stdlib.zip":  # the same bytes as ours: the same precompressed copies
            for suffix in (".br", ".gz"):
                shutil.copy(packed / (name + suffix), stock / (name + suffix))
    compress_like_setup(stock / "python_stdlib.zip")
    (site / STOCK_PAGE.strip("/")).mkdir()
    (site / STOCK_PAGE.strip("/") / "index.html").write_text(STOCK_HTML, encoding="utf-8")
    (site / STOCK_PAGE.strip("/") / "worker.js").write_text(STOCK_WORKER, encoding="utf-8")
    (site / STOCK_PAGE.strip("/") / "main.js").write_text(STOCK_MAIN, encoding="utf-8")
    build_plain_material(folder / "plain", site / "plain-material")
    try:
        server = preview.start(site, port, access_log=log)
        print(f"server: nginx{' with brotli' if server.brotli else ' with gzip only'} at {url}")
    except RuntimeError as error:
        print(f"server: NOT nginx ({error}); byte figures need nginx's log and are skipped")
        server = None
    return site, server, url, log


def compress_like_setup(path: Path) -> None:
    """.br and .gz beside the stock standard library, as `make setup` does for ours (Node's zlib)."""
    import subprocess

    script = (
        "const z=require('zlib'),fs=require('fs');const p=process.argv[1];const d=fs.readFileSync(p);"
        "fs.writeFileSync(p+'.gz',z.gzipSync(d,{level:9}));"
        "fs.writeFileSync(p+'.br',z.brotliCompressSync(d,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,"
        "[z.constants.BROTLI_PARAM_LGWIN]:24,[z.constants.BROTLI_PARAM_SIZE_HINT]:d.length}}));"
    )
    subprocess.run(["node", "-e", script, str(path)], check=True)


def build_plain_material(project: Path, out: Path) -> None:
    """The text page's Markdown in a stock mkdocs-material site (no hooks, no extra CSS or JS)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (project / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "guides" / "handling.md", project / "docs" / "index.md")
    (project / "mkdocs.yml").write_text(
        "site_name: plain\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - search\nmarkdown_extensions: [admonition, attr_list, md_in_html, tables, toc]\n",
        encoding="utf-8",
    )
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(out)))


# ------------------------------------------------------------------------------------------- browsing


def new_context(browser: Browser, phone: bool | dict, service_workers: str = "allow") -> BrowserContext:
    """A new profile; `phone`: True for PHONE, or a profile like SLOW, emulated in each page open_page opens."""
    context = browser.new_context(service_workers=service_workers)
    context.add_init_script(INIT_SCRIPT)
    context.__dict__["_bench_phone"] = PHONE if phone is True else phone
    return context


def open_page(context: BrowserContext) -> Page:
    """A new tab, throttled as its context says (the CPU slowdown reaches the page's main thread, which is what
    CDP throttles; the calculators' worker runs on its own thread)."""
    page = context.new_page()
    profile = context.__dict__.get("_bench_phone")
    if profile:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": profile["latency"],
                 "downloadThroughput": profile["down"], "uploadThroughput": profile["up"]})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    return page


def visit(context: BrowserContext, url: str) -> dict:
    """Open url in a new tab, wait for ready; seconds from navigation start, and the long tasks."""
    page = open_page(context)
    page.goto(url, timeout=TIMEOUT)
    page.wait_for_function("() => window.__bench.ready !== null", timeout=TIMEOUT, polling=20)
    figures = page.evaluate("window.__bench")
    figures["breakdown"] = page.evaluate(BREAKDOWN)
    figures["page"] = page
    return figures


def ready_run(browser: Browser, url: str, phone: bool, series: dict[str, list]) -> None:
    """One run: ready cold, warm (second visit) and offline (third, network off) in one new profile."""
    context = new_context(browser, phone)
    first = visit(context, url)
    series["cold"].append(first["ready"] / 1000)
    series["long"].append(first["longTasks"])
    series["breakdown cold"].append(first["breakdown"])
    first["page"].evaluate(SERVICE_WORKER_ACTIVE)  # ours registers once ready; stock has none
    # A reader who stays a few seconds: ours then caches the memory snapshot warm visits start from.
    first["page"].evaluate(SNAPSHOT_CACHED)
    first["page"].close()
    second = visit(context, url)
    series["warm"].append(second["ready"] / 1000)
    series["breakdown warm"].append(second["breakdown"])
    second["page"].close()
    context.set_offline(True)
    try:
        third = visit(context, url)
        series["offline"].append(third["ready"] / 1000)
    except Exception:  # noqa: BLE001 - a page that cannot load offline is the figure
        series["offline"].append(None)
    context.close()


def wire_bytes(log: Path, action: Callable[[], None]) -> tuple[int, int, dict[str, int]]:
    """Bytes nginx sent during action(): total, runtime part, and per file (from its access log)."""
    start = log.stat().st_size if log.exists() else 0
    action()
    time.sleep(0.5)
    lines = log.read_bytes()[start:].decode().splitlines()
    per_file: dict[str, int] = {}
    for line in lines:
        uri, _status, sent = line.rsplit(" ", 2)
        per_file[uri] = per_file.get(uri, 0) + int(sent)
    total = sum(per_file.values())
    runtime = sum(sent for uri, sent in per_file.items() if "/assets/pyodide/" in uri)
    return total, runtime, per_file


# ------------------------------------------------------------------------------------------- printing


def median(values: list) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def show(values: list, unit: str = "s", digits: int = 2) -> str:
    m = median(values)
    if m is None:
        return "fails (no page)"
    runs = ", ".join("—" if v is None else f"{v:.{digits}f}" for v in values)
    failed = sum(v is None for v in values)
    return f"{m:.{digits}f} {unit} (runs {runs}){f'  {failed} failed' if failed else ''}"


def ratio(ours: list, stock: list) -> str:
    a, b = median(ours), median(stock)
    return "—" if a is None or b is None else f"{a / b:.2f}x stock"


def kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB"


def long_task_figures(series: list[list[float]]) -> str:
    counts = [len(tasks) for tasks in series]
    longest = [max(tasks, default=0) for tasks in series]
    blocking = [sum(max(0, t - 50) for t in tasks) for tasks in series]
    return (f"count median {statistics.median(counts):.0f}, longest median {statistics.median(longest):.0f} ms "
            f"(max {max(longest):.0f}), total blocking time median {statistics.median(blocking):.0f} ms")


# ------------------------------------------------------------------------------------------- sections


def section_ready(browser: Browser, url: str, phone: bool) -> None:
    label = "phone profile (9 Mbit/s, 150 ms RTT, 4x CPU)" if phone else "no throttling"
    ours: dict[str, list] = defaultdict(list)
    stock: dict[str, list] = defaultdict(list)
    for _ in range(RUNS):  # alternated, so the machine's load drifts over both alike
        ready_run(browser, url + CALCULATOR, phone, ours)
        ready_run(browser, url + STOCK_PAGE, phone, stock)
    print(f"\n== 1{'/2' if phone else ''}. calculator ready, {label}, median of {RUNS}")
    for kind in ("cold", "warm", "offline"):
        print(f"  {kind:<8} ours  {show(ours[kind])}")
        print(f"  {kind:<8} stock {show(stock[kind])}")
        paired = [a / b for a, b in zip(ours[kind], stock[kind]) if a is not None and b is not None]
        each = f"; median of the paired runs' ratios {statistics.median(paired):.2f}x" if paired else ""
        print(f"  {kind:<8} ratio {ratio(ours[kind], stock[kind])}{each}")
    print(f"  long tasks during a cold start, ours:  {long_task_figures(ours['long'])}")
    print(f"  long tasks during a cold start, stock: {long_task_figures(stock['long'])}")
    for kind in ("cold", "warm"):
        print_breakdown(f"where the time goes, ours, {kind}", ours[f"breakdown {kind}"])


def print_breakdown(title: str, runs: list[dict[str, float]]) -> None:
    """Each stage's median time from navigation start, in order, with the step from the stage before."""
    print(f"  {title} (ms from navigation start, median of {len(runs)}; + the step from the line above):")
    names = {name for run in runs for name in run}
    medians = {name: statistics.median([run[name] for run in runs if name in run]) for name in names}
    before = 0.0
    for name, at in sorted(medians.items(), key=lambda item: item[1]):
        seen = sum(name in run for run in runs)
        print(f"    {at:7.0f}  +{at - before:5.0f}  {name}{'' if seen == len(runs) else f'  (in {seen} of {len(runs)} runs)'}")
        before = at


def section_bytes(browser: Browser, url: str, log: Path) -> None:
    print("\n== 3. bytes on the wire (nginx $bytes_sent: headers + body as sent)")

    def calculator_visit(context: BrowserContext) -> Callable[[], None]:
        def action() -> None:
            page = visit(context, url + CALCULATOR)["page"]
            page.wait_for_load_state("networkidle")
            page.evaluate(SERVICE_WORKER_ACTIVE)  # with the service worker allowed: its install is counted
            page.wait_for_load_state("networkidle")
        return action

    blocked = new_context(browser, False, service_workers="block")
    calc_page = wire_bytes(log, calculator_visit(blocked))
    blocked.close()
    context = new_context(browser, False)
    calc_cold = wire_bytes(log, calculator_visit(context))
    calc_warm = wire_bytes(log, calculator_visit(context))
    context.close()

    def text_page(service_workers: str, page_url: str, query: str = "") -> Callable[[], None]:
        """Open a page in a new profile and wait until the network is quiet; with a query, then search for it."""
        def action() -> None:
            ctx = browser.new_context(service_workers=service_workers)
            page = ctx.new_page()
            page.goto(page_url)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)
            if query:
                page.locator(".md-search__input").click()
                page.keyboard.insert_text(query)
                page.keyboard.press("End")
                page.wait_for_function("() => /结果/.test(document.querySelector('.md-search-result__meta')?.textContent)")
                page.wait_for_load_state("networkidle")
            ctx.close()
        return action

    text_blocked = wire_bytes(log, text_page("block", url + TEXT_PAGE))
    text_with_sw = wire_bytes(log, text_page("allow", url + TEXT_PAGE))
    text_searched = wire_bytes(log, text_page("block", url + TEXT_PAGE, query="征信"))
    plain = wire_bytes(log, text_page("block", url + "/plain-material/"))
    plain_searched = wire_bytes(log, text_page("block", url + "/plain-material/", query="征信"))
    stock = wire_bytes(log, lambda: visit(new_context(browser, False), url + STOCK_PAGE))
    print(f"  calculator page, cold, page + runtime:  {kib(calc_page[0])} = {calc_page[0] / 1e6:.2f} MB "
          f"(runtime {kib(calc_page[1])})  [target ≤ 4 MB]")
    for uri, sent in sorted(calc_page[2].items(), key=lambda item: -item[1])[:8]:
        print(f"      {kib(sent):>10}  {uri}")
    snapshot = sum(sent for uri, sent in calc_cold[2].items() if uri.endswith("/snapshot.bin"))
    print(f"  calculator page, cold, with what follows once ready: {kib(calc_cold[0])} "
          f"(service worker's precache {kib(calc_cold[0] - calc_page[0] - snapshot)}, "
          f"memory snapshot for warm visits {kib(snapshot)})")
    print(f"  calculator page, warm:  {kib(calc_warm[0])} (runtime {kib(calc_warm[1])})")
    print(f"  stock Pyodide page, cold: {kib(stock[0])}")
    # The guide has calculator links in view: once it is idle, sw-register.js starts the calculators' runtime in
    # the background (section 9). The page's own bytes leave that out; it is shown beside them.
    def own(figures: tuple[int, int, dict[str, int]]) -> int:
        return figures[0] - background(figures[2])

    print(f"  text page {TEXT_PAGE}, cold: {kib(own(text_blocked))} of its own; then the calculators' runtime started in"
          f" the background once a calculator link was in view and the page idle: {kib(background(text_blocked[2]))}")
    for uri, sent in sorted(text_blocked[2].items(), key=lambda item: -item[1]):
        if not BACKGROUND_FILES.search(uri):
            print(f"      {sent:>10,} B  {uri}")
    print(f"  the same text in plain mkdocs-material: {kib(plain[0])}  → ours {own(text_blocked) / plain[0]:.2f}x")
    for uri, sent in sorted(plain[2].items(), key=lambda item: -item[1]):
        print(f"      {sent:>10,} B  {uri}")
    print(f"  text page, then one search (征信): {kib(own(text_searched))} (search {kib(own(text_searched) - own(text_blocked))});"
          f" plain mkdocs-material: {kib(plain_searched[0])} (search {kib(plain_searched[0] - plain[0])})")
    print(f"  text page with the service worker installing: {kib(own(text_with_sw))} "
          f"(precache {kib(own(text_with_sw) - own(text_blocked))}; the runtime in the background {kib(background(text_with_sw[2]))})")


BACKGROUND_FILES = re.compile(r"/assets/pyodide/|/assets/javascripts/(calculators|calc-worker)\.js$")


def background(per_file: dict[str, int]) -> int:
    """Bytes of the calculators' code and runtime among a text page's requests."""
    return sum(sent for uri, sent in per_file.items() if BACKGROUND_FILES.search(uri))


def cold_text_page(browser: Browser, page_url: str, phone: bool) -> tuple[BrowserContext, Page]:
    """A page opened in a fresh profile with the service worker blocked, once the network is idle."""
    context = new_context(browser, phone, service_workers="block")
    page = open_page(context)
    page.goto(page_url)
    page.wait_for_load_state("networkidle")
    return context, page


def section_long_tasks(browser: Browser, url: str) -> None:
    """The same long-task figures for pages without Pyodide: what the theme itself costs the main thread."""
    print(f"\n== 5. main-thread long tasks during load (no calculator), median of {RUNS}")
    for label, path in (("text page", TEXT_PAGE), ("plain mkdocs-material", "/plain-material/")):
        series = []
        for _ in range(RUNS):
            context, page = cold_text_page(browser, url + path, phone=False)
            page.wait_for_timeout(500)
            series.append(page.evaluate("window.__bench.longTasks"))
            context.close()
        print(f"  {label:<22} {long_task_figures(series)}")


def section_search(browser: Browser, url: str, site: Path) -> None:
    """The first search on a text page opened cold (its search loads only then): from the query to its results;
    then the time each query of the query sets takes in the site's own search workers (Node)."""
    from tests.site.test_search_protocol import QUERIES, run_worker

    runs = [run_worker(site, QUERIES) for _ in range(3)]
    cpu = sorted(min(run[i]["cpu_ms"] for run in runs) for i in range(len(QUERIES)))
    wall = sorted(min(run[i]["ms"] for run in runs) for i in range(len(QUERIES)))
    print(f"\n== 7. search: one query in the worker (Node, {len(QUERIES)} queries, best of 3 each; target < 100 ms)")
    print(f"  CPU median {statistics.median(cpu):.1f} ms, max {cpu[-1]:.1f} ms;"
          f" wall clock median {statistics.median(wall):.1f} ms, max {wall[-1]:.1f} ms")
    print(f"\n   first search on a cold text page, SW blocked, median of {RUNS}")
    answered = "() => /结果/.test(document.querySelector('.md-search-result__meta')?.textContent ?? '')"
    for phone in (False, True):
        for lead in (0, 2000):  # typed at once after clicking the field, or 2 s later (the hint had time)
            series = []
            for _ in range(RUNS):
                context, page = cold_text_page(browser, url + TEXT_PAGE, phone)
                page.locator(".md-search__input").click()
                page.wait_for_timeout(lead)
                start = time.perf_counter()
                page.keyboard.insert_text("征信")
                page.keyboard.press("End")
                page.wait_for_function(answered, timeout=TIMEOUT, polling=10)
                series.append(time.perf_counter() - start)
                context.close()
            label = f"{'phone profile' if phone else 'no throttling'}, typed {lead / 1000:.0f} s after the click"
            print(f"  {label:<40} {show(series)}")


def section_slow(browser: Browser, url: str, log: Path) -> None:
    """A first visit to a calculator page under the slow profile, the service worker allowed (as a reader's first
    visit is): readable, ready, and the bytes of the whole visit from nginx's log."""
    print(f"\n== 8. first visit to a calculator, {SLOW_LABEL}, median of {RUNS}")
    series: dict[str, list] = defaultdict(list)
    breakdowns = []
    for _ in range(RUNS):
        context = new_context(browser, SLOW)
        page = open_page(context)
        start = log.stat().st_size if log.exists() else 0
        page.goto(url + CALCULATOR, timeout=TIMEOUT, wait_until="commit")
        page.wait_for_function("() => window.__bench.ready !== null", timeout=TIMEOUT, polling=20)
        at_ready = log.stat().st_size  # the requests made before ready (nginx logs each as it answers it)
        page.wait_for_timeout(AFTER_READY_S * 1000)
        time.sleep(0.5)
        figures = page.evaluate("window.__bench")
        breakdowns.append(page.evaluate(BREAKDOWN))
        context.close()
        written = log.read_bytes()
        sent = [(uri, int(size)) for uri, _status, size in (line.rsplit(" ", 2) for line in written[start:].decode().splitlines())]
        before = sum(int(line.rsplit(" ", 1)[1]) for line in written[start:at_ready].decode().splitlines())
        total = sum(size for _, size in sent)
        snapshot = sum(size for uri, size in sent if uri.endswith("/snapshot.bin"))
        transfer = before / SLOW["down"]
        series["readable"].append(figures["fcp"] / 1000 if figures["fcp"] is not None else None)
        series["ready"].append(figures["ready"] / 1000)
        series["before"].append(before / 1e6)
        series["total"].append(total / 1e6)
        series["snapshot"].append(snapshot / 1e6)
        series["transfer"].append(transfer)
        series["ratio"].append(figures["ready"] / 1000 / transfer)
    print(f"  readable (first contentful paint): {show(series['readable'])}")
    print(f"  calculator ready:                  {show(series['ready'])}")
    print(f"  bytes requested before ready:      {show(series['before'], 'MB')}"
          f" → pure transfer time {show(series['transfer'])}")
    print(f"  ready / pure transfer time:        {show(series['ratio'], 'x')}  [target ≤ 1.15]")
    print(f"  whole visit (load + {AFTER_READY_S} s after ready): {show(series['total'], 'MB')}  [target ≤ 4 MB]"
          f"; of which the memory snapshot {show(series['snapshot'], 'MB')}")
    print_breakdown("where the time goes", breakdowns)


def process_usage() -> dict[int, tuple[float, float]]:
    """Per process of this script's Chromium (a descendant of this process, from /proc): CPU seconds (user +
    system) and resident memory (MB)."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid = int(stat.parent.name)
        names[pid] = text[text.index("(") + 1 : text.rindex(")")]
        parents[pid] = int(text[text.rindex(")") + 2 :].split()[1])

    def ours(pid: int) -> bool:
        while pid in parents and pid > 1:
            pid = parents[pid]
            if pid == os.getpid():
                return True
        return False

    tick = os.sysconf("SC_CLK_TCK")
    page = os.sysconf("SC_PAGE_SIZE")
    usage = {}
    for pid, name in names.items():
        if "chrom" not in name or not ours(pid):
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            memory = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page / 1e6
        except OSError:
            continue
        usage[pid] = ((int(fields[11]) + int(fields[12])) / tick, memory)
    return usage


def usage_since(before: dict[int, tuple[float, float]]) -> tuple[float, float]:
    """CPU seconds the browser's processes spent since `before` (a process that ended since is left out, a new
    one counts whole), and the memory of the processes started since (the tab's renderer and its workers)."""
    now = process_usage()
    cpu = sum(used - before.get(pid, (0.0, 0.0))[0] for pid, (used, _) in now.items())
    memory = sum(resident for pid, (_, resident) in now.items() if pid not in before)
    return cpu, memory


SAVE_DATA = "Object.defineProperty(Navigator.prototype, 'connection', {get: () => ({saveData: true, effectiveType: '4g', addEventListener() {}})})"
BACKGROUND_READY = "() => (window.__calculatorWorker?.messages ?? []).some((message) => message.type === 'ready')"
READY_AT_TAP = """() => { const b = window.__bench; return b.ready === null || b.tap === null ? null : b.ready - b.tap; }"""


def guide_with_a_calculator_link_in_view(browser: Browser, url: str) -> tuple[BrowserContext, Page, Locator]:
    """A new profile on the guide, scrolled so that its first calculator link is in view."""
    context = new_context(browser, False)
    page = open_page(context)
    page.goto(url + GUIDE)
    link = page.locator(GUIDE_LINK).first
    link.scroll_into_view_if_needed()
    return context, page, link


def section_arrival(browser: Browser, url: str, log: Path) -> None:
    """Guide → calculator, and what the guide's prefetch costs a reader who never taps."""
    print(f"\n== 9. arriving at a calculator, no throttling, median of {RUNS}")
    direct, arrival, prefetched, idle = [], [], [], defaultdict(list)
    for _ in range(RUNS):
        # Cold, straight to the calculator page (a new profile).
        context = new_context(browser, False)
        direct.append(visit(context, url + CALCULATOR)["ready"] / 1000)
        context.close()
        # From the guide: open it, bring a calculator link into view, let the page idle, tap.
        context, page, link = guide_with_a_calculator_link_in_view(browser, url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(3000)
        page.wait_for_load_state("networkidle")
        link.click()
        page.wait_for_function("() => window.__bench.ready !== null", timeout=TIMEOUT, polling=5)
        arrival.append(page.evaluate(READY_AT_TAP) / 1000)
        context.close()
        # The other design, for comparison: prefetch only. The same guide, the runtime downloaded in the
        # background, but the worker stopped before the tap: the calculator page starts one, its files in the
        # HTTP cache.
        context, page, link = guide_with_a_calculator_link_in_view(browser, url)
        page.wait_for_function(BACKGROUND_READY, timeout=TIMEOUT)
        page.evaluate("() => { window.__calculatorWorker.worker.terminate(); delete window.__calculatorWorker; }")
        page.wait_for_load_state("networkidle")
        link.click()
        page.wait_for_function("() => window.__bench.ready !== null", timeout=TIMEOUT, polling=5)
        prefetched.append(page.evaluate(READY_AT_TAP) / 1000)
        context.close()
        # A reader who never taps: the guide, a link in view, 15 s on the page; with and without Save-Data (the
        # service worker blocked: its precache, which Save-Data puts off too, is not what is compared).
        for label, script in (("prefetch", ""), ("save-data", SAVE_DATA)):
            context = new_context(browser, False, service_workers="block")
            if script:
                context.add_init_script(script)
            before = process_usage()
            page = open_page(context)
            start = log.stat().st_size if log.exists() else 0
            page.goto(url + GUIDE)
            page.locator(GUIDE_LINK).first.scroll_into_view_if_needed()
            page.wait_for_timeout(15_000)
            cpu, memory = usage_since(before)
            lines = log.read_bytes()[start:].decode().splitlines()
            idle[f"{label} bytes"].append(sum(int(line.rsplit(" ", 1)[1]) for line in lines) / 1e6)
            idle[f"{label} runtime"].append(sum(int(line.rsplit(" ", 1)[1]) for line in lines if "/assets/pyodide/" in line) / 1e6)
            idle[f"{label} cpu"].append(cpu)
            idle[f"{label} memory"].append(memory)
            context.close()
    print(f"  calculator page opened cold, to ready:           {show(direct)}")
    print(f"  guide → calculator, from the tap to ready:       {show(arrival)}  [target ≤ 0.3 s]")
    print(f"  … had the guide only prefetched the files:       {show(prefetched)}  (worker started at the tap)")
    print(f"  a reader who stays {15} s on the guide with a calculator link in view and never taps:")
    for label in ("prefetch", "save-data"):
        what = "as shipped" if label == "prefetch" else "Save-Data on (no prefetch)"
        print(f"    {what:<27} bytes {show(idle[f'{label} bytes'], 'MB')} (runtime {show(idle[f'{label} runtime'], 'MB')});"
              f" browser CPU {show(idle[f'{label} cpu'], 's')}; memory of the tab's new processes {show(idle[f'{label} memory'], 'MB', 0)}")


def section_typing(browser: Browser, url: str) -> None:
    print(f"\n== 4. computing, median of {RUNS}")
    trips, typed, early = [], [], []
    for _ in range(RUNS):
        context = new_context(browser, False)
        page = open_page(context)
        page.goto(url + CALCULATOR)
        page.wait_for_selector("[data-ready='true']", timeout=TIMEOUT)
        trips.append(page.evaluate(ROUND_TRIP))
        typed.append(page.evaluate(TYPED, "2345"))
        context.close()
        # Input typed while the runtime still loads must be computed once it is ready.
        context = new_context(browser, False)
        page = open_page(context)
        page.goto(url + CALCULATOR, wait_until="domcontentloaded")
        was_ready = page.evaluate("window.__bench.ready !== null")
        page.fill('input[name="principal"]', "3456")
        fields = page.eval_on_selector("form[data-calculator]", "f => Object.fromEntries([...f.elements].filter(e => e.name).map(e => [e.name, e.value]))")
        expected = json.loads(run("penalty", json.dumps(fields)))["result"]["values"]["penalty"]
        page.wait_for_selector("[data-ready='true']", timeout=TIMEOUT)
        try:
            page.wait_for_function("v => document.querySelector('[data-value=\"penalty\"]').textContent === v", arg=expected, timeout=10_000, polling=5)
            after = page.evaluate("performance.now() - window.__bench.ready")
            early.append(None if was_ready else after)
        except Exception:  # noqa: BLE001 - lost input is the figure
            early.append(float("inf"))
        context.close()
    print(f"  one calculation once ready (submit):       {show(trips, 'ms', 1)}")
    print(f"  first result after typing (incl. debounce): {show(typed, 'ms', 1)}")
    lost = sum(v == float('inf') for v in early)
    print(f"  input typed before ready: computed {show([v for v in early if v != float('inf')], 'ms', 0)} after ready; lost {lost} of {RUNS}")


def section_build() -> None:
    """Each build in a fresh process (scripts/bench_build.py), so nothing one build imported or computed in memory
    helps the next; our hooks' time includes importing them. Each size twice: with the build cache (.cache/build,
    hooks/build_cache.py) empty, then with what the first build left in it; medians of BENCH_BUILD_RUNS pairs."""
    print("\n== 6. build time (strict build, this machine; each build in a fresh process)")
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "__pycache__", ".cache", ".pytest_cache"))
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        (project / ".cache").mkdir()
        (project / ".cache" / "pyodide").symlink_to(ROOT / ".cache" / "pyodide")  # made by make setup, not a build
        source = (ROOT / "docs" / "guides" / "handling.md").read_text(encoding="utf-8")
        base = (project / "mkdocs.yml").read_text(encoding="utf-8")
        for extra in (0, 100, 1000):
            # Copies of a guide beside it, so its relative links resolve as in the original. Not in the nav:
            # Material writes the whole nav into every page, so a nav of n pages makes the build O(n²)
            # whatever the hooks do; the copies are built all the same (mkdocs builds every page).
            guides = project / "docs" / "guides"
            for old in guides.glob("copy-*.md"):
                old.unlink()
            if extra:
                for i in range(extra):
                    (guides / f"copy-{letters(i)}.md").write_text(source.replace("# ", f"# 副本{letters(i)} ", 1), encoding="utf-8")
            # (so the copy's config lets pages stay out of the nav)
            config_text = base.replace("omitted_files: warn", "omitted_files: info") if extra else base
            (project / "mkdocs.yml").write_text(config_text, encoding="utf-8")
            series: dict[str, list[dict]] = {"cold cache": [], "warm cache": []}
            for _ in range(BUILD_RUNS):  # alternated, so the machine's load drifts over both alike
                shutil.rmtree(project / ".cache" / "build", ignore_errors=True)
                series["cold cache"].append(timed_build(project, Path(folder) / f"out{extra}"))
                series["warm cache"].append(timed_build(project, Path(folder) / f"out{extra}"))
            for cache, runs in series.items():
                pages = runs[0]["pages"]
                total = statistics.median(build["total"] for build in runs)
                hooks = statistics.median(build["hooks"] for build in runs)
                shares = [build["hooks"] / build["total"] for build in runs]
                parts: dict[str, list[float]] = {}
                for build in runs:
                    for name, seconds in {**{f"import {k}": v for k, v in build["imports"].items()}, **build["events"]}.items():
                        parts.setdefault(name, []).append(seconds)
                top = ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in sorted(parts.items(), key=lambda kv: -statistics.median(kv[1]))[:4])
                print(f"  {pages:>5} pages, {cache}: {total:6.1f} s ({total / pages * 1000:.0f} ms a page), our hooks {hooks:.2f} s; "
                      f"share {statistics.median(shares):.0%} (runs {', '.join(f'{x:.0%}' for x in shares)})  [{top}]")


def timed_build(project: Path, site_dir: Path) -> dict:
    """One strict build of `project` in a new Python process: scripts/bench_build.py's figures."""
    import subprocess

    shutil.rmtree(site_dir, ignore_errors=True)
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_build.py"), str(project / "mkdocs.yml"), str(site_dir)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def letters(number: int) -> str:
    """0 → a, 25 → z, 26 → ba: a page label without digits (hooks/data/figures.py refuses hand-typed figures)."""
    text = ""
    while True:
        number, digit = divmod(number, 26)
        text = chr(ord("a") + digit) + text
        if number == 0:
            return text


def main() -> None:
    # BENCH_SECTIONS: "all" (default) or a comma-separated choice of ready, phone, bytes, typing, long, build, search.
    chosen = os.environ.get("BENCH_SECTIONS", "all")
    wanted = set(SECTIONS) if chosen == "all" else {name.strip() for name in chosen.split(",")}
    if wanted - set(SECTIONS):
        raise SystemExit(f"BENCH_SECTIONS: unknown {sorted(wanted - set(SECTIONS))}; known: {', '.join(SECTIONS)}")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if wanted == {"build"}:  # section 6 alone: no server, no browser
        section_build()
        return
    with tempfile.TemporaryDirectory() as folder:
        site, server, url, log = prepare(Path(folder))
        if server is None:
            raise SystemExit("nginx is required for the benchmark (make bench installs it)")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
                if "ready" in wanted:
                    section_ready(browser, url, phone=False)
                if "phone" in wanted:
                    section_ready(browser, url, phone=True)
                if "bytes" in wanted:
                    section_bytes(browser, url, log)
                if "typing" in wanted:
                    section_typing(browser, url)
                if "long" in wanted:
                    section_long_tasks(browser, url)
                if "search" in wanted:
                    section_search(browser, url, site)
                if "slow" in wanted:
                    section_slow(browser, url, log)
                if "arrival" in wanted:
                    section_arrival(browser, url, log)
                browser.close()
        finally:
            server.stop()
    if "build" in wanted:
        section_build()
    print("\nTargets: cold ≤ 0.35x stock; warm ≤ 0.5 s; offline computes; phone cold ≤ 0.6x stock and ≤ 4 MB;"
          " first result < 100 ms; a search query < 100 ms; no long task > 100 ms; text page ≤ 1.1x plain Material; hooks < 20% of the build;"
          " slow profile: ready ≤ 1.15x the pure transfer time, whole visit ≤ 4 MB; guide → calculator ≤ 0.3 s.")


if __name__ == "__main__":
    main()
