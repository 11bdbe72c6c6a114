"""MkDocs hook: Chinese search that finds pages the way readers ask.

- adds each page's front matter `aliases` to its entry in the search index, and publishes that index as
  search/search_index.full.json; search/search_index.json, which Material's bundle fetches on every page, keeps
  only Material's config (no documents), so a page the reader does not search in downloads no index;
- leaves the calculators' forms out of what Material indexes, and appends their words to the same document after
  the aliases' mark (hooks/search/forms.py): a form's words find its page, but a result never shows them;
- publishes the query rules and tables (hooks/search/payload.py) as assets/javascripts/workers/search-rules.js;
- points Material at a small worker (docs/assets/javascripts/workers/search-lazy.js) that answers Material's
  SETUP at once and loads the whole index, the rules, the wrapper (search-zh.js: rewrites each query before
  Material's worker runs it, post-processes the results) and Material's worker only when the reader searches.
  Everything they know about Material's worker protocol is in workers/material-protocol.js.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hooks.data.facts import load_registry
from hooks.search.forms import add_unshown_text, unshown_forms
from hooks.search.payload import to_javascript, user_dictionary, worker_payload
from hooks.search.rules import add_aliases_to_index, load_search_rules, page_aliases
from hooks.search.tables import index_vocabulary

WORKERS = "assets/javascripts/workers"
RULES_FILE = f"{WORKERS}/search-rules.js"
WRAPPER_NAME = "search-lazy.js"
INDEX_FILE = "search/search_index.json"  # where Material's bundle fetches it: config only
FULL_INDEX_FILE = "search/search_index.full.json"  # what the worker fetches when the reader searches
MATERIAL_WORKER = re.compile(r'("search":\s*")([^"]*/)(search\.[0-9a-f]+\.min\.js)(")')

_aliases: dict[str, list[str]] = {}
_form_words: dict[str, list[str]] = {}  # index location -> the words of the forms in that page or section


def to_wrapper(match: re.Match[str]) -> str:
    """`.../search.HASH.min.js` → `.../search-lazy.js?material=search.HASH.min.js&rules=…&index=…`."""
    folder, material = match.group(2), match.group(3)
    rules = posixpath.relpath(RULES_FILE, WORKERS)
    index = posixpath.relpath(FULL_INDEX_FILE, WORKERS)
    return f"{match.group(1)}{folder}{WRAPPER_NAME}?material={material}&rules={rules}&index={index}{match.group(4)}"


def on_pre_build(*, config: MkDocsConfig) -> None:
    _aliases.clear()
    _form_words.clear()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    phrases = page_aliases(page.meta, page.file.src_uri)
    if phrases:
        _aliases[page.url] = phrases
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Material's search plugin indexes the content after this event: the forms are marked to be left out."""
    marked, forms = unshown_forms(html)
    for section, text in forms:
        _form_words.setdefault(page.url + (f"#{section}" if section else ""), []).append(text)
    return marked


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Load the wrapper worker instead of Material's; the wrapper then loads Material's."""

    rewritten, count = MATERIAL_WORKER.subn(to_wrapper, output, count=1)
    if count != 1:
        raise PluginError(f"{page.file.src_uri}: Material's search worker was not found in the page config")
    return rewritten


def on_post_build(*, config: MkDocsConfig) -> None:
    data = Path(config.config_file_path).parent / "data"
    site = Path(config.site_dir)
    index = json.loads((site / INDEX_FILE).read_text(encoding="utf-8"))
    add_aliases_to_index(index, _aliases)
    add_unshown_text(index, _form_words)
    (site / FULL_INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    setup_only = {"config": index["config"], "docs": []}
    (site / INDEX_FILE).write_text(json.dumps(setup_only, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    vocabulary = index_vocabulary(index, index["config"]["separator"])
    payload = worker_payload(
        load_search_rules(data),
        index,
        vocabulary,
        load_registry(data / "facts"),
        user_dictionary(data / "search" / "userdict.txt"),
        aliases=_aliases,
    )
    (site / RULES_FILE).write_text(to_javascript(payload), encoding="utf-8")


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page is a template, not a page: give it the same search."""
    if template_name != "404.html":
        return output_content

    return MATERIAL_WORKER.sub(to_wrapper, output_content, count=1)
