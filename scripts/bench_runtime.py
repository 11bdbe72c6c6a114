"""Print start-up and size figures for the in-browser calculator runtime.

Builds the site once, serves it on 127.0.0.1, and measures in Debian's headless Chromium:
- the bytes the runtime downloads (raw and gzip -6), file by file;
- time from navigation to `data-ready` with an empty cache (new browser context) and warm (reload);
- the round trip of one calculation once ready.
Figures, not pass/fail: run it before and after a change and compare (`make bench`).
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, QuietHandler, build_site  # noqa: E402

RUNS = 3
READY = 'form[data-calculator="penalty"][data-ready="true"]'
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def sizes(site: Path) -> None:
    print("runtime files              raw KiB   gzip KiB")
    total_raw = total_gz = 0
    for path in sorted((site / "assets" / "pyodide").iterdir()) + [site / "assets" / "calculators.zip"]:
        raw = path.read_bytes()
        packed = len(gzip.compress(raw, 6))
        total_raw, total_gz = total_raw + len(raw), total_gz + packed
        print(f"  {path.name:<24}{len(raw) / 1024:>9.0f}{packed / 1024:>11.0f}")
    print(f"  {'total':<24}{total_raw / 1024:>9.0f}{total_gz / 1024:>11.0f}")


def main() -> None:
    import functools
    import http.server
    import threading

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
        url = f"http://127.0.0.1:{server.server_address[1]}"
        build_site(site, url + "/")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sizes(site)
        cold, warm, trips = [], [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
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
                trip_ms = page.evaluate(
                    """async () => {
                        const out = document.querySelector('[data-value="penalty"]');
                        const input = document.querySelector('input[name="principal"]');
                        const start = performance.now();
                        input.value = String(1000 + Math.floor(Math.random() * 1000));
                        input.form.requestSubmit();
                        const before = out.textContent;
                        while (out.textContent === before) await new Promise(r => setTimeout(r, 1));
                        return performance.now() - start;
                    }"""
                )
                trips.append(trip_ms)
                context.close()
            browser.close()
        server.shutdown()
    print(f"time to ready, cold cache   median {statistics.median(cold):.2f} s   runs {', '.join(f'{t:.2f}' for t in cold)}")
    print(f"time to ready, warm cache   median {statistics.median(warm):.2f} s   runs {', '.join(f'{t:.2f}' for t in warm)}")
    print(f"one calculation round trip  median {statistics.median(trips):.1f} ms")


if __name__ == "__main__":
    main()
