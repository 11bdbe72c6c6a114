"""MkDocs hook: Chinese search that finds pages the way readers ask.

- publishes the query rules of data/search.yml as assets/javascripts/workers/search-rules.js;
- points Material at a small wrapper worker (docs/assets/javascripts/workers/search-zh.js) that
  rewrites each query (繁→简, typos, synonyms, filler words, segmentation against the index's own
  words) before Material's worker runs it, and strips U+200B from what it shows;
- adds each page's front matter `aliases` to its entry in search/search_index.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from hooks.search_rules import add_aliases_to_index, load_search_rules, page_aliases

RULES_FILE = "assets/javascripts/workers/search-rules.js"
WRAPPER_NAME = "search-zh.js"
MATERIAL_WORKER = re.compile(r'("search":\s*")([^"]*/)(search\.[0-9a-f]+\.min\.js)(")')

_aliases: dict[str, list[str]] = {}


def to_wrapper(match: re.Match[str]) -> str:
    """`.../search.HASH.min.js` → `.../search-zh.js?material=search.HASH.min.js&rules=search-rules.js`."""
    folder, material = match.group(2), match.group(3)
    return f"{match.group(1)}{folder}{WRAPPER_NAME}?material={material}&rules=search-rules.js{match.group(4)}"


def on_pre_build(*, config: MkDocsConfig) -> None:
    _aliases.clear()


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    rules = load_search_rules(Path(config.config_file_path).parent / "data" / "search.yml")
    files.append(File.generated(config, RULES_FILE, content=rules.to_javascript()))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    phrases = page_aliases(page.meta, page.file.src_uri)
    if phrases:
        _aliases[page.url] = phrases
    return markdown


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Load the wrapper worker instead of Material's; the wrapper then loads Material's."""

    rewritten, count = MATERIAL_WORKER.subn(to_wrapper, output, count=1)
    if count != 1:
        raise PluginError(f"{page.file.src_uri}: Material's search worker was not found in the page config")
    return rewritten


def on_post_build(*, config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    add_aliases_to_index(index, _aliases)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page is a template, not a page: give it the same search."""
    if template_name != "404.html":
        return output_content

    return MATERIAL_WORKER.sub(to_wrapper, output_content, count=1)
