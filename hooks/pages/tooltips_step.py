"""Tooltips: the first use of each glossary term in a page's body text becomes `<abbr title="…">`.

Python-Markdown's `abbr` cannot do this for Chinese: its pattern needs a word boundary (\\b), and
Chinese characters are word characters. So the tooltips are added to the rendered HTML, walked
with html.parser while tracking the open tags, never inside headings, links, code, forms, fact
values, attributes or an existing <abbr>.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from hooks.data.glossary import GLOSSARY_PAGE, Glossary

ASCII_WORD = re.compile(r"[A-Za-z0-9]")

# Elements whose text never gets a tooltip, and classes that mark the same.
SKIP_TAGS = frozenset(
    {"a", "abbr", "button", "code", "form", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label", "math",
     "option", "pre", "samp", "script", "select", "style", "summary", "sup", "svg", "template", "textarea",
     "title"}
)
SKIP_CLASSES = frozenset({"fact", "page-sources", "admonition-title", "headerlink", "glossary"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


def term_pattern(forms: list[str]) -> re.Pattern[str]:
    """One alternation, longest form first, so 个性化分期 wins over 分期 at the same place.
    Forms made of Latin letters or digits (LPR) must not match inside a longer Latin word."""
    return _term_pattern(tuple(forms))


@lru_cache(maxsize=8)  # built once per glossary, not once per page
def _term_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        part = re.escape(form)
        if ASCII_WORD.match(form[0]):
            part = r"(?<![A-Za-z0-9])" + part
        if ASCII_WORD.match(form[-1]):
            part = part + r"(?![A-Za-z0-9])"
        parts.append(part)
    return re.compile("|".join(parts))


@dataclass
class _Open:
    tag: str
    skip: bool


class _TooltipWriter(HTMLParser):
    """Copies HTML through unchanged, except that the first body-text use of each term is wrapped."""

    def __init__(self, glossary: Glossary) -> None:
        super().__init__(convert_charrefs=False)  # text arrives raw: entities pass through untouched
        self.forms = glossary.forms()
        self.pattern = term_pattern(list(self.forms)) if self.forms else None
        self.used: set[str] = set()
        self.stack: list[_Open] = []
        self.out: list[str] = []

    def skipping(self) -> bool:
        return any(entry.skip for entry in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in VOID_TAGS:
            return
        classes = {name for key, value in attrs if key == "class" and value for name in value.split()}
        self.stack.append(_Open(tag, tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]  # also closes elements left open inside it (<p>, <li>)
                return

    def handle_data(self, data: str) -> None:
        if self.pattern is None or self.skipping():
            self.out.append(data)
        else:
            self.out.append(self.pattern.sub(self.wrap, data))

    def wrap(self, match: re.Match[str]) -> str:
        form = match.group(0)
        term = self.forms[form]
        if term.key in self.used:
            return form
        self.used.add(term.key)
        title = html.escape(term.tooltip(form), quote=True)
        return f'<abbr title="{title}" data-term="{term.key}">{form}</abbr>'

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def add_tooltips(content: str, glossary: Glossary) -> str:
    """Wrap the first body-text use of each glossary term in `content` (a page's rendered HTML)."""
    writer = _TooltipWriter(glossary)
    writer.feed(content)
    writer.close()
    return "".join(writer.out)


def tooltip_page(content: str, source: str, glossary: Glossary) -> str:
    """on_page_content's job: every page but the glossary itself gets its tooltips."""
    if source == GLOSSARY_PAGE:
        return content
    return add_tooltips(content, glossary)
