"""MkDocs hook: one Content-Security-Policy for every page and for the web server, from one function.

Every page gets `<meta http-equiv="Content-Security-Policy">` first in its <head>; `site/nginx-csp.conf`
holds the same policy as an `add_header` line that deploy/nginx.conf includes. Both are written from
`policy()` with the same hashes, so they cannot drift; the header adds only what a <meta> cannot carry
(frame-ancestors).

The only inline scripts allowed are those the theme writes into pages (Material's few bootstrap lines:
one differs by the page's depth), by their SHA-256. Every page carries the hashes of every page, because
Material's instant navigation keeps the first page's <meta> while it swaps in the next page's scripts.
The header matters for Pyodide: a module worker is governed by the policy sent with its own script, not
by the page's <meta>. WebAssembly needs 'wasm-unsafe-eval' and nothing more (measured in
tests/site/test_privacy_browser.py: without it no calculator starts; 'unsafe-eval' is not needed).
Run it after every hook that writes inline scripts (hooks/delivery/offline.py writes none and runs after it).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

NGINX_FILE = "nginx-csp.conf"
# Stands in for the policy until every page's scripts are known (on_post_build writes the policy in).
PLACEHOLDER = '<meta http-equiv="Content-Security-Policy" content="@CSP@">'
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
JS_TYPES = {"", "text/javascript", "module", "application/javascript"}  # application/json is data, not run
HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)

DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),  # + the inline-script hashes
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),  # Material's icons are data: SVGs inside its stylesheet
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),  # the calculators' module worker, Material's search worker, sw.js
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY = (("frame-ancestors", "'none'"),)  # ignored in a <meta> (CSP Level 3, 6.4.2)

_hashes: set[str] = set()


def script_hashes(page_html: str) -> set[str]:
    """CSP source expressions for the executable inline scripts of a page."""
    found = set()
    for match in INLINE_SCRIPT.finditer(page_html):
        attrs = match["attrs"] or ""
        kind = TYPE.search(attrs)
        if SRC.search(attrs) or (kind[1].lower() if kind else "") not in JS_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(match["body"].encode("utf-8")).digest()).decode("ascii")
        found.add(f"'sha256-{digest}'")
    return found


def policy(hashes: set[str], *, header: bool = False) -> str:
    """The policy; `header=True` adds the directives only a response header can carry."""
    parts = []
    for name, value in DIRECTIVES + (HEADER_ONLY if header else ()):
        if name == "script-src" and hashes:
            value = f"{value} {' '.join(sorted(hashes))}"
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def nginx_line(hashes: set[str]) -> str:
    return f'add_header Content-Security-Policy "{policy(hashes, header=True)}" always;\n'


def meta(hashes: set[str]) -> str:
    return PLACEHOLDER.replace("@CSP@", policy(hashes))


def with_placeholder(page_html: str, where: str) -> str:
    _hashes.update(script_hashes(page_html))
    result, count = HEAD.subn(lambda m: m.group(0) + PLACEHOLDER, page_html, count=1)
    if count != 1:
        raise PluginError(f"{where}: no <head> to put the Content-Security-Policy in")
    return result


def on_pre_build(*, config: MkDocsConfig) -> None:
    _hashes.clear()


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return with_placeholder(output, page.file.src_uri)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return with_placeholder(output_content, template_name)


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    final = meta(_hashes)
    written = 0
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if PLACEHOLDER in text:
            path.write_text(text.replace(PLACEHOLDER, final), encoding="utf-8")
            written += 1
    (site / NGINX_FILE).write_text(nginx_line(_hashes), encoding="utf-8")
    log.debug("Content-Security-Policy in %d pages, %d inline-script hashes", written, len(_hashes))
