"""Glossary: data/glossary.yml becomes the glossary page (`<!-- glossary:all -->`), and the first
use of each term in every other page's body text gets a tooltip (`<abbr title="…">`).

Python-Markdown's `abbr` cannot do this for Chinese: its pattern needs a word boundary (\\b), and
Chinese characters are word characters. So the tooltips are added to the rendered HTML, walked
with html.parser while tracking the open tags, never inside headings, links, code, forms, fact
values, attributes or an existing <abbr>.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from hooks.facts_data import KEY, FactRef, Registry
from hooks.markers import Marker, replace_markers
from hooks.page import PageContext, render

KIND = "glossary"
REPO = Path(__file__).resolve().parent.parent
GLOSSARY_FILE = REPO / "data" / "glossary.yml"
DOCS = REPO / "docs"
GLOSSARY_PAGE = "glossary.md"  # the page that lists the terms gets no tooltips
FIELDS = ("term", "definition", "aliases", "facts", "guide")
MAX_DEFINITION = 120  # a tooltip, not an article
FIGURE = re.compile(r"[0-9０-９%％‰]")  # figures come from facts, never from a definition
GUIDE = re.compile(r"^(?:[a-z0-9_-]+/)*[a-z0-9_-]+\.md$")
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


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    definition: str
    aliases: tuple[str, ...]
    facts: tuple[FactRef, ...]
    guide: str  # path below docs/

    def tooltip(self, form: str) -> str:
        """The tooltip text for `form` (the term itself or one of its aliases)."""
        return self.definition if form == self.term else f"{self.term}：{self.definition}"


@dataclass(frozen=True)
class Glossary:
    origin: str  # "data/glossary.yml", for error messages
    terms: tuple[Term, ...]

    def forms(self) -> dict[str, Term]:
        """Every written form (term and aliases) → its term."""
        return {form: term for term in self.terms for form in (term.term, *term.aliases)}


# ---- loading ------------------------------------------------------------------------------------


def _text(entry: dict[str, Any], field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise PluginError(f"{where}: '{field}' must be a non-empty text")
    return value.strip()


def _texts(entry: dict[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = entry.get(field, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise PluginError(f"{where}: '{field}' must be a list of non-empty texts")
    items = tuple(item.strip() for item in value)
    if len(set(items)) != len(items):
        raise PluginError(f"{where}: '{field}' lists the same text twice")
    return items


def _no_figure(text: str, what: str, where: str) -> None:
    figure = FIGURE.search(text)
    if figure:
        raise PluginError(
            f"{where}: {what} states a figure ({figure.group(0)!r}); put figures in data/facts "
            "and list their keys under 'facts'"
        )


def _fact_refs(entry: dict[str, Any], where: str) -> tuple[FactRef, ...]:
    """`facts:` items are a fact key, or {fact: key, label: text} when the value needs a label."""
    value = entry.get("facts", [])
    if not isinstance(value, list):
        raise PluginError(f"{where}: 'facts' must be a list of fact keys or {{fact, label}} mappings")
    refs = []
    for item in value:
        if isinstance(item, dict) and set(item) == {"fact", "label"}:
            key, label = item["fact"], item["label"]
            if not isinstance(label, str) or not label.strip():
                raise PluginError(f"{where}: 'facts' label for {key!r} must be a non-empty text")
            _no_figure(label, "a 'facts' label", where)
            label = label.strip()
        else:
            key, label = item, ""
        if not isinstance(key, str) or not KEY.match(key):
            raise PluginError(
                f"{where}: 'facts' must list fact keys (lower_snake_case) or {{fact, label}} mappings, got {item!r}"
            )
        refs.append(FactRef(key, label))
    if len({ref.key for ref in refs}) != len(refs):
        raise PluginError(f"{where}: 'facts' lists the same fact twice")
    return tuple(refs)


def _term(key: Any, entry: Any, origin: str, docs_dir: Path) -> Term:
    where = f"{origin}: terms.{key}"
    if not isinstance(entry, dict) or not KEY.match(str(key)):
        raise PluginError(f"{where}: key must be lower_snake_case and the entry a mapping")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise PluginError(f"{where}: unknown field(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}")
    definition = _text(entry, "definition", where)
    _no_figure(definition, "'definition'", where)
    if len(definition) > MAX_DEFINITION:
        raise PluginError(f"{where}: 'definition' is {len(definition)} characters; keep it under {MAX_DEFINITION}")
    guide = _text(entry, "guide", where)
    if not GUIDE.match(guide) or guide == GLOSSARY_PAGE:
        raise PluginError(f"{where}: 'guide' must be a page path below docs/ such as guides/credit.md, got {guide!r}")
    if not (docs_dir / guide).is_file():
        raise PluginError(f"{where}: 'guide' names docs/{guide}, which does not exist")
    return Term(
        key=str(key),
        term=_text(entry, "term", where),
        definition=definition,
        aliases=_texts(entry, "aliases", where),
        facts=_fact_refs(entry, where),
        guide=guide,
    )


def load_glossary(path: Path, docs_dir: Path) -> Glossary:
    """Read and validate the glossary; every error names the file and the term's key."""
    origin = f"data/{path.name}"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PluginError(f"{origin}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise PluginError(f"{origin}: cannot be read: {exc}") from exc
    if not isinstance(document, dict) or set(document) != {"terms"} or not isinstance(document["terms"], dict):
        raise PluginError(f"{origin}: top level must be only 'terms', a mapping of key to entry")
    if not document["terms"]:
        raise PluginError(f"{origin}: 'terms' is empty")
    terms = tuple(_term(key, entry, origin, docs_dir) for key, entry in document["terms"].items())
    owner: dict[str, str] = {}
    for term in terms:
        for form in (term.term, *term.aliases):
            if form in owner:
                raise PluginError(f"{origin}: terms.{term.key}: '{form}' is already used by terms.{owner[form]}")
            owner[form] = term.key
    return Glossary(origin=origin, terms=terms)


def check_facts(glossary: Glossary, registry: Registry) -> None:
    """Every fact a term lists must exist in data/facts."""
    for term in glossary.terms:
        for ref in term.facts:
            if ref.key not in registry.facts:
                raise PluginError(
                    f"{glossary.origin}: terms.{term.key}: 'facts' names '{ref.key}', which is not in data/facts/*.yml"
                )


# ---- the glossary page --------------------------------------------------------------------------


def page_title(docs_dir: Path, page: str) -> str:
    """The first `# ` heading of a Markdown page, used as the link text to it."""
    for line in (docs_dir / page).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise PluginError(f"docs/{page}: no '# ' title found (the glossary links to this page by its title)")


def render_glossary(glossary: Glossary, source: str, docs_dir: Path) -> str:
    """The glossary as Markdown: one heading with an id per term; facts stay as markers for fact_step."""
    here = posixpath.dirname(source) or "."
    entries = [
        {
            "term": term,
            "facts": [{"label": ref.label, "marker": Markup(f"<!-- fact:{ref.key} -->")} for ref in term.facts],
            "link": posixpath.relpath(term.guide, here),
            "link_title": page_title(docs_dir, term.guide),
        }
        for term in glossary.terms
    ]
    return "\n\n" + render("glossary.html", entries=entries) + "\n\n"


def glossary_step(markdown: str, context: PageContext) -> str:
    """Runs before fact_step: the fact markers it writes are rendered (and cited) by fact_step."""

    def render_all(marker: Marker) -> str:
        if marker.name != "all" or marker.options:
            raise marker.fail("the only glossary marker is <!-- glossary:all -->")
        glossary = load_glossary(GLOSSARY_FILE, DOCS)
        check_facts(glossary, context.registry)
        return render_glossary(glossary, context.source, DOCS)

    return replace_markers(markdown, KIND, context.source, render_all, context.line_offset)


# ---- tooltips on rendered HTML ------------------------------------------------------------------


def term_pattern(forms: list[str]) -> re.Pattern[str]:
    """One alternation, longest form first, so 个性化分期 wins over 分期 at the same place.
    Forms made of Latin letters or digits (LPR) must not match inside a longer Latin word."""
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
