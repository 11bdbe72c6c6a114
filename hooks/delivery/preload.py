"""MkDocs hook: pages with a calculator load calculators.js and start the runtime while the browser parses them.

- calculators.js (the forms, and the worker it starts) is loaded by the pages that have a form, not by every page
  through `extra_javascript`: a text page downloads none of it. The `<script type=module>` goes inside Material's
  content container, whose scripts Material's instant navigation runs when it brings in a page, so a calculator
  reached from a text page mounts too (a module runs once per tab; it mounts each later page through `document$`).
- `<link rel=preload>` starts the downloads of the Pyodide files with the page, and a small inline script
  (hooks/templates/calculator_start.html) starts the calculators' worker right after them, long before
  calculators.js runs (a module, after Material's bundle); calculators.js adopts that worker, or starts one itself
  when the page came by instant navigation (the head is not run again then). The runtime files are found among
  those hooks/delivery/runtime.py published (it runs first in mkdocs.yml). Pages without a calculator get nothing (no
  Pyodide byte).
- On a page without a calculator, each link of the text (Material's `<article>`) to a page with one is marked
  `data-calculators="NAME …"` (that page's calculators): sw-register.js starts the runtime in the background once
  such a link is in view and the browser is idle, so the calculator is ready when the reader taps it.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hooks.pages.page import render

CALCULATOR_MARK = "data-calculator="
CALCULATOR_NAME = re.compile(r'<form[^>]* data-calculator="([a-z_]+)"')
CALCULATORS_SCRIPT = "assets/javascripts/calculators.js"
CONTAINER = '<div class="md-container" data-md-component="container">'
WORKER = "assets/javascripts/calc-worker.js"
RUNTIME = re.compile(r"^assets/pyodide/[0-9a-f]+/")
# What the worker fetches, how, in the order it needs it. Module scripts use modulepreload; the
# others are fetched with fetch(), which matches `as="fetch"` with `crossorigin` (a CORS request).
PRELOADS = (
    ("pyodide.mjs", 'rel="modulepreload"'),
    ("pyodide.asm.mjs", 'rel="modulepreload"'),
    ("pyodide.asm.wasm", 'rel="preload" as="fetch" type="application/wasm" crossorigin'),
    ("python_stdlib.zip", 'rel="preload" as="fetch" crossorigin'),
)  # calculators.zip is not one: the worker asks for it once the WebAssembly is in (calc-worker.js)

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.DOTALL)
LINK = re.compile(r'<a (?=[^>]*\bhref="([^"]*)")')
CALCULATORS_ATTRIBUTE = "data-calculators="

_runtime: str | None = None
_calculator_pages: dict[str, list[str]] = {}  # page URL → the calculators it shows, for every page of the build


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _runtime
    folders = {match.group(0) for file in files if (match := RUNTIME.match(file.src_uri))}
    if len(folders) != 1:
        raise PluginError(f"expected one runtime folder from hooks/delivery/runtime.py (listed before this hook), found {sorted(folders)}")
    _runtime = folders.pop()
    return files


def on_pre_build(*, config: MkDocsConfig) -> None:
    _calculator_pages.clear()


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Note the calculators each page shows: MkDocs renders every page's content before it writes any page."""
    names = calculator_names(html)
    if names:
        _calculator_pages[page.url] = names
    return html


def link_target(href: str, page_url: str) -> str | None:
    """The site-relative URL of the page a link of page `page_url` leads to (no fragment, no query), or None
    for a link to another site."""
    base = "http://site.invalid/"
    target = urlsplit(urljoin(base + page_url, href))
    if f"{target.scheme}://{target.netloc}/" != base:
        return None
    return target.path.removeprefix("/")


def mark_calculator_links(output: str, page_url: str, calculator_pages: dict[str, list[str]]) -> str:
    """Each link of the page's text to a page with calculators, with `data-calculators` naming them."""

    def mark_links(article: re.Match[str]) -> str:
        def mark(link: re.Match[str]) -> str:
            target = link_target(link.group(1), page_url)
            names = calculator_pages.get(target) if target is not None else None
            return f'<a {CALCULATORS_ATTRIBUTE}"{" ".join(names)}" ' if names else link.group(0)

        return LINK.sub(mark, article.group(0))

    return ARTICLE.sub(mark_links, output, count=1)


def preload_links(runtime: str, page_url: str) -> str:
    return "".join(
        f'<link {how} href="{get_relative_url(runtime + name, page_url)}">' for name, how in PRELOADS
    )


def calculators_script(page_url: str) -> str:
    return f'<script type="module" src="{get_relative_url(CALCULATORS_SCRIPT, page_url)}"></script>'


def worker_start(page_url: str, names: list[str]) -> str:
    """The inline script that starts the worker and names the page's calculators; its text is the same on every
    page (one CSP hash): the names go in an attribute."""
    return render("calculator_start.html", worker=get_relative_url(WORKER, page_url), names=" ".join(names))


def calculator_names(html: str) -> list[str]:
    """The calculators a page shows, in order, each once."""
    return list(dict.fromkeys(CALCULATOR_NAME.findall(html)))


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if CALCULATOR_MARK not in output:
        return mark_calculator_links(output, page.url, _calculator_pages)
    assert _runtime is not None, "on_files finds the runtime folder before pages are written"
    head_end = output.find("</head>")
    first_stylesheet = output.find('<link rel="stylesheet"')
    if not 0 <= first_stylesheet < head_end or output.count(CONTAINER) != 1:
        raise PluginError(
            f"{page.file.src_uri}: no stylesheet in <head> to start the runtime before, or not one {CONTAINER}"
        )
    output = output.replace(CONTAINER, CONTAINER + calculators_script(page.url), 1)
    # The preloads and the worker's start go before the stylesheets: a script after a stylesheet waits until
    # the stylesheet has arrived, and the worker would start that much later.
    start = preload_links(_runtime, page.url) + worker_start(page.url, calculator_names(output))
    return output[:first_stylesheet] + start + output[first_stylesheet:]
