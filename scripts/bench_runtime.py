"""Print start-up and size figures for the in-browser calculator runtime (`make bench`).

Builds the site once and serves two copies on 127.0.0.1, side by side in one run: the site as
built (its standard library precompiled to bytecode by `make setup`) and the same site with
Pyodide's stock standard library. In Debian's headless Chromium it measures, for each:
- the time from navigation to `data-ready` with an empty cache (new browser context) and warm (reload);
- the round trip of one calculation once ready;
and prints the bytes the runtime downloads. Figures, not pass/fail: compare them across changes.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, QuietHandler, build_site  # noqa: E402

RUNS = 3
READY = 'form[data-calculator="penalty"][data-ready="true"]'
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ROUND_TRIP_JS = """async () => {
    const out = document.querySelector('[data-value="penalty"]');
    const input = document.querySelector('input[name="principal"]');
    const before = out.textContent;
    const start = performance.now();
    input.value = String(1000 + Math.floor(Math.random() * 1000));
    input.form.requestSubmit();
    while (out.textContent === before) await new Promise(r => setTimeout(r, 1));
    return performance.now() - start;
}"""


def sizes(site: Path) -> None:
    print("runtime files              raw KiB   gzip KiB")
    total_raw = total_gz = 0
    for path in sorted((site / "assets" / "pyodide").iterdir()) + [site / "assets" / "calculators.zip"]:
        raw = path.read_bytes()
        packed = len(gzip.compress(raw, 6))
        total_raw, total_gz = total_raw + len(raw), total_gz + packed
        print(f"  {path.name:<24}{len(raw) / 1024:>9.0f}{packed / 1024:>11.0f}")
    print(f"  {'total':<24}{total_raw / 1024:>9.0f}{total_gz / 1024:>11.0f}")


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(browser: Browser, url: str) -> tuple[list[float], list[float], list[float]]:
    """Seconds to data-ready (cold cache, then warm) and one calculation's round trip in ms, RUNS times."""
    cold, warm, trips = [], [], []
    for _ in range(RUNS):
        context = browser.new_context()
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{url}/calculators/penalty/")
        page.wait_for_selector(READY, timeout=120_000)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        page.reload()
        page.wait_for_selector(READY, timeout=120_000)
        warm.append(time.perf_counter() - start)
        trips.append(page.evaluate(ROUND_TRIP_JS))
        context.close()
    return cold, warm, trips


def runs(values: list[float], unit: str, digits: int) -> str:
    return f"median {statistics.median(values):.{digits}f} {unit}  (runs {', '.join(f'{v:.{digits}f}' for v in values)})"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        built, stock = Path(folder) / "built", Path(folder) / "stock"
        # Material's instant navigation wants the served origin; the calculator page does not.
        build_site(built, "http://127.0.0.1/")
        shutil.copytree(built, stock)
        shutil.copy(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip", stock / "assets" / "pyodide")
        sizes(built)
        same = (built / "assets/pyodide/python_stdlib.zip").read_bytes() == (stock / "assets/pyodide/python_stdlib.zip").read_bytes()
        if same:
            print("note: the built site serves the stock standard library (run `make setup` to precompile it)")
        servers = {"built": serve(built), "stock": serve(stock)}
        figures = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for name, server in servers.items():
                figures[name] = measure(browser, f"http://127.0.0.1:{server.server_address[1]}")
            browser.close()
        for server in servers.values():
            server.shutdown()
    for name, (cold, warm, trips) in figures.items():
        print(f"[{name:>5} stdlib] ready, cold cache: {runs(cold, 's', 2)}")
        print(f"[{name:>5} stdlib] ready, warm cache: {runs(warm, 's', 2)}")
        print(f"[{name:>5} stdlib] one calculation:   {runs(trips, 'ms', 1)}")
    for label, index in (("cold", 0), ("warm", 1)):
        ratio = statistics.median(figures["stock"][index]) / statistics.median(figures["built"][index])
        print(f"built vs stock, {label}: {ratio:.2f}x as fast")


if __name__ == "__main__":
    main()
