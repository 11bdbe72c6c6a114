"""MkDocs hook: the site works offline after a first visit, and installs as an app.

- `manifest.webmanifest` (name, colours, the icons in docs/assets/images/) and a link to it in every page;
- `sw.js` at the site root from hooks/templates/sw.js, stamped with what to precache (every page, the
  styles and scripts, the search index and what Material's search worker loads for Chinese) and a version:
  the hash of those files' contents and the runtime folder, so a new build replaces the old caches.
The service worker is registered by docs/assets/javascripts/sw-register.js (extra_javascript).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hooks import TEMPLATES

MANIFEST = "manifest.webmanifest"
SERVICE_WORKER = "sw.js"
TEMPLATE = TEMPLATES / "sw.js"
BUILD_PLACEHOLDER = 'const BUILD = {"version": "dev", "precache": [], "runtime": "assets/pyodide/", "runtimeFiles": []};'
THEME_COLOR = "#00796b"  # the icons' teal
ICONS = (("assets/images/icon-192.png", "192x192", "image/png"), ("assets/images/icon-512.png", "512x512", "image/png"),
         ("assets/images/icon.svg", "any", "image/svg+xml"))
# What Material 9.8's search worker imports for `lang: zh` (lunr's multi-language support and Chinese).
SEARCH_LANGUAGE_FILES = ("assets/javascripts/lunr/min/lunr.stemmer.support.min.js", "assets/javascripts/lunr/min/lunr.zh.min.js",
                         "assets/javascripts/lunr/min/lunr.multi.min.js")
PRECACHE_FOLDERS = ("assets/stylesheets/", "assets/javascripts/", "assets/images/", "search/")
SKIP = re.compile(r"(\.map|\.gz|\.br|\.conf)$|^assets/javascripts/lunr/|^assets/pyodide/")
SITEMAP = "sitemap.xml"  # Material's instant navigation reads it to know which links it may take over
RUNTIME_FOLDER = re.compile(r"^assets/pyodide/[0-9a-f]+/")


def manifest(config: MkDocsConfig) -> str:
    return json.dumps(
        {
            "name": config.site_name,
            "short_name": "网商贷逾期",
            "description": config.site_description,
            "lang": "zh-CN",
            "start_url": "./",
            "scope": "./",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME_COLOR,
            "icons": [{"src": src, "sizes": sizes, "type": kind, "purpose": "any"} for src, sizes, kind in ICONS],
        },
        ensure_ascii=False,
        indent=2,
    )


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for src, _, _ in ICONS:
        if files.get_file_from_path(src) is None:
            raise PluginError(f"docs/{src} is missing: the web app manifest names it (scripts/make_icons.py draws it)")
    files.append(File.generated(config, MANIFEST, content=manifest(config)))
    return files


def link_manifest(output: str, href: str, name: str) -> str:
    head_end = output.find("</head>")
    if head_end < 0:
        raise PluginError(f"{name}: no </head> to link the web app manifest from")
    links = f'<link rel="manifest" href="{href}"><meta name="theme-color" content="{THEME_COLOR}">'
    return output[:head_end] + links + output[head_end:]


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return link_manifest(output, get_relative_url(MANIFEST, page.url), page.file.src_uri)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """404.html is served at any depth: link the manifest from the site's root path."""
    if template_name != "404.html":
        return output_content
    return link_manifest(output_content, urlsplit(config.site_url or "/").path.rstrip("/") + "/" + MANIFEST, template_name)


def precache_list(site: Path) -> list[str]:
    """Site-relative URLs to precache: pages as their folder URLs, then assets, sorted."""
    paths = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or SKIP.search(relative):
            continue
        if relative.endswith(".html"):
            paths.append(relative.removesuffix("index.html"))
        elif relative.startswith(PRECACHE_FOLDERS) or relative in (MANIFEST, SITEMAP):
            paths.append(relative)
    paths.extend(name for name in SEARCH_LANGUAGE_FILES if (site / name).is_file())
    return paths


def service_worker(template: str, site: Path, precache: list[str]) -> str:
    runtimes = {match.group(0) for path in site.rglob("*") if (match := RUNTIME_FOLDER.match(path.relative_to(site).as_posix()))}
    if len(runtimes) != 1 or template.count(BUILD_PLACEHOLDER) != 1:
        raise PluginError(f"sw.js: expected one runtime folder (found {sorted(runtimes)}) and one BUILD line in {TEMPLATE}")
    runtime = runtimes.pop()
    runtime_files = sorted(path.name for path in (site / runtime).iterdir() if not path.name.endswith((".br", ".gz")))
    digest = hashlib.sha256(runtime.encode())
    for relative in precache:
        file = site / (relative + "index.html" if relative.endswith("/") or relative == "" else relative)
        digest.update(relative.encode() + b"\0" + file.read_bytes())
    build = {"version": digest.hexdigest()[:12], "precache": precache, "runtime": runtime, "runtimeFiles": runtime_files}
    return template.replace(BUILD_PLACEHOLDER, f"const BUILD = {json.dumps(build, ensure_ascii=False)};")


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    text = service_worker(TEMPLATE.read_text(encoding="utf-8"), site, precache_list(site))
    (site / SERVICE_WORKER).write_text(text, encoding="utf-8")
