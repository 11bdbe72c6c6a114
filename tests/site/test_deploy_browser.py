"""A new deploy replaces the service worker's caches of the old one, in the reader's own browser profile.

The built site is copied and served on its own port; a reader visits (the service worker installs and precaches
this build); then a page changes and sw.js is stamped again the way the build stamps it (hooks/delivery/offline.py), which
is what a new deploy puts on the server. On the reader's next visit, the new service worker must install, delete
the old build's cache and serve the new page, with the network off too.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from hooks.delivery.offline import SERVICE_WORKER, TEMPLATE, precache_list, service_worker
from tests.conftest import QuietHandler
from tests.hooks.test_offline import stamped_build

pytestmark = pytest.mark.browser

NEW_TEXT = "这是新部署的版本"
# The site caches of this origin, as one string: "wsd-site-VERSION[,wsd-site-OTHER…]".
SITE_CACHES_ARE = "async (want) => (await caches.keys()).filter((name) => name.startsWith('wsd-site-')).sort().join() === want"


class RevalidatedHandler(QuietHandler):
    """Pages and sw.js revalidated on every use, as deploy/nginx.conf sends them (without it, Chromium may reuse
    the old page from its HTTP cache by heuristic freshness, and the test would measure that instead)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def stamped_version(site: Path) -> str:
    return stamped_build((site / SERVICE_WORKER).read_text(encoding="utf-8"))["version"]


def deploy(site: Path) -> str:
    """What a new build leaves on the server: a changed page, and sw.js stamped with the new precache's version."""
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", f"<p>{NEW_TEXT}</p></article>", 1), encoding="utf-8")
    (site / SERVICE_WORKER).write_text(service_worker(TEMPLATE.read_text(encoding="utf-8"), site, precache_list(site)), encoding="utf-8")
    return stamped_version(site)


def test_a_new_deploy_replaces_the_old_caches_and_serves_the_new_page(browser: Browser, built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.wasm*", "*.zip*"))  # no calculator is opened
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RevalidatedHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
        old = stamped_version(site)
        page.wait_for_function(SITE_CACHES_ARE, arg=f"wsd-site-{old}", timeout=30_000)
        assert NEW_TEXT not in page.content()

        new = deploy(site)
        assert new != old
        page.goto(url)  # the next visit: the browser fetches sw.js again and finds it changed
        page.wait_for_function(SITE_CACHES_ARE, arg=f"wsd-site-{new}", timeout=60_000)  # the old one is gone

        context.set_offline(True)
        page.goto(url)  # from the new build's cache
        assert NEW_TEXT in page.content()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
