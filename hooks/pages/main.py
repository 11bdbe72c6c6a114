"""MkDocs hook: load the data once per build, then run each page through the steps in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hooks.pages.all_sources_step import all_sources_step
from hooks.pages.calculator_step import calculator_step
from hooks.data.facts import Registry, load_registry
from hooks.pages.facts_step import fact_step, sources_step
from hooks.data.figures import check_pages, load_pending
from hooks.data.glossary import Glossary, check_facts, load_glossary
from hooks.pages.glossary_step import glossary_step
from hooks.pages.markers import body_line_offset, check_no_markers_left
from hooks.pages.page import PageContext
from hooks.pages.tables_step import tables_step
from hooks.pages.tooltips_step import tooltip_page
from hooks.pages.triage_step import triage_step

log = get_plugin_logger(__name__)

Step = Callable[[str, PageContext], str]
STEPS: tuple[Step, ...] = (calculator_step, glossary_step, all_sources_step, tables_step, triage_step, fact_step, sources_step)

_registry: Registry | None = None
_glossary: Glossary | None = None


def data_folder(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "data"


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _registry, _glossary
    _registry = load_registry(data_folder(config) / "facts")
    _glossary = load_glossary(data_folder(config) / "glossary.yml", Path(config.docs_dir))
    check_facts(_glossary, _registry)
    check_pages(Path(config.docs_dir), load_pending())  # every page at once, before any is built
    for fact in _registry.stale(dt.date.today()):
        log.warning(f"fact '{fact.key}' (data/facts/{fact.origin}) was last checked {fact.checked}, over a year ago")


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _registry is not None, "on_pre_build loads the registry before pages are read"
    context = PageContext(
        source=page.file.src_uri,
        meta=page.meta,
        registry=_registry,
        glossary=_glossary,
        line_offset=body_line_offset(page.file.content_string, markdown),
    )
    for step in STEPS:
        markdown = step(markdown, context)
    check_no_markers_left(markdown, context.source, context.line_offset)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Tooltips for glossary terms, added to the rendered HTML (see hooks/pages/glossary_step.py)."""
    assert _glossary is not None, "on_pre_build loads the glossary before pages are rendered"
    return tooltip_page(html, page.file.src_uri, _glossary)
