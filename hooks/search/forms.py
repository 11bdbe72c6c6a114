"""Calculator forms in the search index: found, never shown.

A search result shows the text of the page or section that matched. A calculator's form is mostly labels, help
lines, options and the example's figures: as a snippet it reads as noise ("日利率填 0.05 表示…", "等额本息（每月还一样
多）"). Material's search plugin leaves out any element marked `data-search-exclude`; the form's words are then
appended to the same document after the mark the wrapper worker cuts results at (ALIASES_MARK, hooks/search/rules.py),
so a reader who searches a form's words still finds the page. Pure functions: hooks/search/index.py calls them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from mkdocs.exceptions import PluginError

from hooks.search.rules import ALIASES_MARK, ZERO_WIDTH_SPACE, segment

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.DOTALL)
FORM_OPEN = re.compile(r"<form\b[^>]*")
HEADING = re.compile(r'<h([1-6])\b[^>]*\sid="([^"]+)"')
EXCLUDE = "data-search-exclude"


class _Text(HTMLParser):
    """The text a reader could search for: every text node but those of scripts, styles and row templates."""

    SKIP = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.parts.append(" ".join(data.split()))


def form_text(form_html: str) -> str:
    parser = _Text()
    parser.feed(form_html)
    parser.close()
    return " ".join(parser.parts)


def section_of(html: str, position: int) -> str | None:
    """The id of the section a position of the page's HTML falls in, as Material's index names it: the last
    heading with an id before it, or None for the page's own document (no heading yet, or the page's h1)."""
    headings = list(HEADING.finditer(html, 0, position))
    if not headings or headings[-1].group(1) == "1":
        return None
    return headings[-1].group(2)


def unshown_forms(html: str) -> tuple[str, list[tuple[str | None, str]]]:
    """Mark every form for Material's search to leave out; return the page and, per form, (section id or None,
    its text)."""
    found: list[tuple[str | None, str]] = []

    def mark(match: re.Match[str]) -> str:
        found.append((section_of(html, match.start()), form_text(match.group(0))))
        opening = FORM_OPEN.match(match.group(0))
        assert opening is not None  # FORM starts with what FORM_OPEN matches
        return f"{opening.group(0)} {EXCLUDE}{match.group(0)[opening.end():]}"

    return FORM.sub(mark, html), found


def add_unshown_text(index: dict[str, Any], texts: dict[str, list[str]]) -> dict[str, Any]:
    """Append texts, segmented like the index, to documents (by location) after the mark the results are cut at."""
    by_location = {doc["location"]: doc for doc in index["docs"]}
    for location, parts in texts.items():
        doc = by_location.get(location)
        if doc is None:
            raise PluginError(f"search index has no entry '{location}' for the words of a calculator form on it")
        extra = ZERO_WIDTH_SPACE.join(segment(part) for part in parts if part)
        if not extra:
            continue
        mark = "" if ALIASES_MARK in doc["text"] else f"{ZERO_WIDTH_SPACE}{ALIASES_MARK}"
        doc["text"] = f"{doc['text']}{mark}{ZERO_WIDTH_SPACE}{extra}"
    return index
