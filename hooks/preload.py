"""MkDocs hook: on pages with a calculator, start the runtime while the browser parses the page.

`<link rel=preload>` starts the downloads of the Pyodide files with the page, and a small inline script
(hooks/templates/calculator_start.html) starts the calculators' worker right after them, long before
calculators.js runs (a module, after Material's bundle); calculators.js adopts that worker. The runtime files are found among those hooks/runtime.py
published (it runs first in mkdocs.yml). Pages without a calculator get nothing (no Pyodide byte).
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hooks.page import render

CALCULATOR_MARK = "data-calculator="
WORKER = "assets/javascripts/calc-worker.js"
RUNTIME = re.compile(r"^assets/pyodide/[0-9a-f]+/")
# What the worker fetches, how, in the order it needs it. Module scripts use modulepreload; the
# others are fetched with fetch(), which matches `as="fetch"` with `crossorigin` (a CORS request).
PRELOADS = (
    ("pyodide.mjs", 'rel="modulepreload"'),
    ("pyodide.asm.mjs", 'rel="modulepreload"'),
    ("pyodide.asm.wasm", 'rel="preload" as="fetch" type="application/wasm" crossorigin'),
    ("python_stdlib.zip", 'rel="preload" as="fetch" crossorigin'),
    ("calculators.zip", 'rel="preload" as="fetch" crossorigin'),
)

_runtime: str | None = None


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _runtime
    folders = {match.group(0) for file in files if (match := RUNTIME.match(file.src_uri))}
    if len(folders) != 1:
        raise PluginError(f"expected one runtime folder from hooks/runtime.py (listed before this hook), found {sorted(folders)}")
    _runtime = folders.pop()
    return files


def preload_links(runtime: str, page_url: str) -> str:
    return "".join(
        f'<link {how} href="{get_relative_url(runtime + name, page_url)}">' for name, how in PRELOADS
    )


def worker_start(page_url: str) -> str:
    """The inline script that starts the worker; its text is the same on every page (one CSP hash)."""
    return render("calculator_start.html", worker=get_relative_url(WORKER, page_url))


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if CALCULATOR_MARK not in output:
        return output
    assert _runtime is not None, "on_files finds the runtime folder before pages are written"
    head_end = output.find("</head>")
    if head_end < 0:
        raise PluginError(f"{page.file.src_uri}: no </head> to add the runtime preloads to")
    start = preload_links(_runtime, page.url) + worker_start(page.url)
    return output[:head_end] + start + output[head_end:]
