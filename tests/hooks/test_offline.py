"""The service worker's precache list and version, and the web app manifest, from the built site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from hooks.delivery.offline import BUILD_PLACEHOLDER, TEMPLATE, precache_list, service_worker


def stamped_build(sw: str) -> dict:
    match = re.search(r"^const BUILD = (\{.*\});$", sw, re.MULTILINE)
    assert match, "sw.js carries no BUILD line"
    return json.loads(match.group(1))


def test_the_service_worker_precaches_every_page_and_the_search_index_but_not_pyodide(built_site: Path) -> None:
    build = stamped_build((built_site / "sw.js").read_text(encoding="utf-8"))
    precache = set(build["precache"])
    for page in built_site.rglob("index.html"):
        assert page.parent.relative_to(built_site).as_posix().removeprefix(".") + "/" in precache | {"/"}, page
    assert "" in precache and "404.html" in precache
    assert {"search/search_index.json", "search/search_index.full.json", "manifest.webmanifest"} <= precache
    assert {f"assets/javascripts/workers/{name}" for name in ("search-lazy.js", "search-zh.js", "search-rules.js")} <= precache
    assert "assets/javascripts/sw-register.js" in precache
    assert not [path for path in precache if path.startswith("assets/pyodide/") or path.endswith((".map", ".gz", ".br"))]
    for path in precache:
        assert (built_site / (path if path and not path.endswith("/") else path + "index.html")).is_file(), path
    assert re.fullmatch(r"assets/pyodide/[0-9a-f]{12}/", build["runtime"])


def test_the_version_changes_when_a_precached_file_changes(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.wasm*", "*.zip*"))
    template = TEMPLATE.read_text(encoding="utf-8")
    assert BUILD_PLACEHOLDER in template
    before = stamped_build(service_worker(template, site, precache_list(site)))["version"]
    assert stamped_build(service_worker(template, site, precache_list(site)))["version"] == before
    page = site / "faq" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- changed -->", encoding="utf-8")
    assert stamped_build(service_worker(template, site, precache_list(site)))["version"] != before


def test_every_page_links_an_installable_manifest_with_icons_that_exist(built_site: Path) -> None:
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes  # what browsers require to offer installation
    for icon in manifest["icons"]:
        data = (built_site / icon["src"]).read_bytes()
        if icon["type"] == "image/png":
            width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            assert f"{width}x{height}" == icon["sizes"], icon
    for page in built_site.rglob("*.html"):
        if page == built_site / "assets" / "blank.html":
            continue  # the quick exit's neutral page must not look like this site (tests/site/test_a11y_browser.py)
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<link rel="manifest" href="([^"]+)">', html)
        assert link, page
        if page.name == "index.html":
            assert (page.parent / link.group(1)).resolve() == (built_site / "manifest.webmanifest").resolve(), page


def test_every_page_shows_the_sites_own_icon_as_its_favicon(built_site: Path) -> None:
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    svg = next(icon["src"] for icon in manifest["icons"] if icon["type"] == "image/svg+xml")
    for page in [*built_site.rglob("index.html"), built_site / "404.html"]:
        href = re.search(r'<link rel="icon" href="([^"]+)">', page.read_text(encoding="utf-8")).group(1)
        if page.name == "404.html":
            assert href.endswith("/" + svg), href  # served at any depth: from the site's root
        else:
            assert (page.parent / href).resolve() == (built_site / svg).resolve(), page
