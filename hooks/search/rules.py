"""Load and validate the query-side search data; segment text like the index.

data/search.yml (stopwords, typos, durations, fallback, crisis settings), data/search/synonyms.yml and
data/search/crisis.yml. Pure functions: hooks/search/index.py calls them at build time, the tests call them directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jieba
import yaml
from mkdocs.exceptions import PluginError

from hooks.data.facts import safe_load

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ZERO_WIDTH_SPACE = "\u200b"
ALIASES_MARK = "\u2063"  # INVISIBLE SEPARATOR: the wrapper worker cuts result text here, so aliases never show
PAGE = re.compile(r"^([a-z0-9_-]+/)*$")  # a page path as in the URL: "guides/credit/", "" for the home page


@dataclass(frozen=True)
class DurationRange:
    first_day: int
    last_day: int
    terms: list[str]
    pages: list[str]


@dataclass(frozen=True)
class Intent:
    words: list[str]  # any of these in the query (as typed, after 繁→简)…
    pages: list[str]  # …multiplies these pages' scores by factor
    factor: float


@dataclass(frozen=True)
class Hotline:
    number: str  # fact keys
    label: str
    hours: str | None


@dataclass(frozen=True)
class SearchRules:
    stopwords: list[str]
    weights: dict[str, float]
    intents: list[Intent]
    typos: dict[str, str]
    synonyms: dict[str, list[str]]  # reader's word -> index words
    duration_about: list[str]
    duration_context: list[str]
    durations: list[DurationRange]
    fallback_pages: list[str]
    crisis_page: str
    crisis_title: str
    hotlines: list[Hotline]
    crisis_words: list[str]
    crisis_alone: list[str]

    def targets(self) -> set[str]:
        """Every index word the rules rely on: each must be in the index (checked at build)."""
        found = {term for terms in self.synonyms.values() for term in terms}
        found.update(term for duration in self.durations for term in duration.terms)
        return found

    def pages(self) -> set[str]:
        """Every page the rules name: each must exist (checked at build)."""
        named = {self.crisis_page, *self.fallback_pages, *self.weights}
        named.update(page for intent in self.intents for page in intent.pages)
        named.update(page for duration in self.durations for page in duration.pages)
        return named


def _read(path: Path, where: str) -> Any:
    try:
        return safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PluginError(f"{where}: cannot be read: {exc}") from exc


def _words(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, (str, int)) and str(item).strip() for item in value):
        raise PluginError(f"{where}: expected a list of non-empty words")
    return [str(item).strip() for item in value]


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PluginError(f"{where}: expected non-empty text")
    return value.strip()


def _mapping(value: Any, where: str, keys: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PluginError(f"{where}: expected a mapping with {sorted(keys)}")
    if set(value) - keys:
        raise PluginError(f"{where}: unknown keys {sorted(set(value) - keys)}")
    if required - set(value):
        raise PluginError(f"{where}: missing {sorted(required - set(value))}")
    return value


def _pages(value: Any, where: str) -> list[str]:
    pages = [] if value == [] else _words(value, where) if value != [""] else [""]
    for page in pages:
        if not PAGE.match(page):
            raise PluginError(f"{where}: '{page}' is not a page path like guides/credit/")
    return pages


def _text_map(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise PluginError(f"{where}: expected a mapping of text to text")
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str) or not key.strip() or not item.strip():
            raise PluginError(f"{where}.{key}: expected non-empty text on both sides")
    return {key.strip(): item.strip() for key, item in value.items()}


def _durations(value: Any, where: str) -> tuple[list[str], list[str], list[DurationRange]]:
    document = _mapping(value, where, {"about", "alone_with", "ranges"}, {"about", "alone_with", "ranges"})
    if not isinstance(document["ranges"], list):
        raise PluginError(f"{where}.ranges: expected a list of {{from, to, terms, pages}}")
    ranges = []
    for number, entry in enumerate(document["ranges"]):
        at = f"{where}.ranges[{number}]"
        item = _mapping(entry, at, {"from", "to", "terms", "pages"}, {"from", "to", "terms", "pages"})
        first, last = item["from"], item["to"]
        if not (isinstance(first, int) and isinstance(last, int) and 0 < first <= last):
            raise PluginError(f"{at}: expected whole days with 0 < from <= to")
        if ranges and first != ranges[-1].last_day + 1:
            raise PluginError(f"{at}: ranges must follow each other without gaps (from {ranges[-1].last_day + 1})")
        ranges.append(DurationRange(first, last, _words(item["terms"], f"{at}.terms"), _pages(item["pages"], f"{at}.pages")))
    return _words(document["about"], f"{where}.about"), _words(document["alone_with"], f"{where}.alone_with"), ranges


def _weights(value: Any, where: str) -> dict[str, float]:
    if not isinstance(value, dict):
        raise PluginError(f"{where}: expected a mapping of page path to a factor")
    for page, factor in value.items():
        _pages([page], where)
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0 < factor <= 2:
            raise PluginError(f"{where}.{page or '(home)'}: expected a factor between 0 and 2")
    return {page: float(factor) for page, factor in value.items()}


def _intents(value: Any, where: str) -> list[Intent]:
    if not isinstance(value, list):
        raise PluginError(f"{where}: expected a list of {{words, pages, factor}}")
    intents = []
    for number, entry in enumerate(value):
        at = f"{where}[{number}]"
        item = _mapping(entry, at, {"words", "pages", "factor", "why"}, {"words", "pages", "factor"})
        factor = item["factor"]
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0 < factor <= 10:
            raise PluginError(f"{at}.factor: expected a factor between 0 and 10")
        intents.append(Intent(_words(item["words"], f"{at}.words"), _pages(item["pages"], f"{at}.pages"), float(factor)))
    return intents


def _synonyms(value: Any, where: str) -> dict[str, list[str]]:
    if not isinstance(value, list):
        raise PluginError(f"{where}: expected a list of {{terms, words}}")
    synonyms: dict[str, list[str]] = {}
    for number, entry in enumerate(value):
        at = f"{where}[{number}]"
        item = _mapping(entry, at, {"terms", "words"}, {"terms", "words"})
        terms = _words(item["terms"], f"{at}.terms")
        for word in _words(item["words"], f"{at}.words"):
            merged = synonyms.setdefault(word, [])
            merged.extend(term for term in terms if term not in merged)
    return synonyms


def load_search_rules(folder: Path) -> SearchRules:
    """Read data/search.yml, data/search/synonyms.yml and data/search/crisis.yml from the data folder."""
    where = "data/search.yml"
    document = _mapping(
        _read(folder / "search.yml", where),
        where,
        {"stopwords", "weights", "intents", "typos", "durations", "fallback", "crisis"},
        {"stopwords", "durations", "fallback", "crisis"},
    )
    about, context, durations = _durations(document["durations"], f"{where}: durations")
    fallback = _mapping(document["fallback"], f"{where}: fallback", {"pages"}, {"pages"})
    crisis = _mapping(document["crisis"], f"{where}: crisis", {"page", "title", "hotlines"}, {"page", "title", "hotlines"})
    if not isinstance(crisis["hotlines"], list) or not crisis["hotlines"]:
        raise PluginError(f"{where}: crisis.hotlines: expected a list of {{number, label, hours}}")
    hotlines = []
    for number, entry in enumerate(crisis["hotlines"]):
        at = f"{where}: crisis.hotlines[{number}]"
        item = _mapping(entry, at, {"number", "label", "hours"}, {"number", "label"})
        hours = _text(item["hours"], f"{at}.hours") if "hours" in item else None
        hotlines.append(Hotline(_text(item["number"], f"{at}.number"), _text(item["label"], f"{at}.label"), hours))
    crisis_where = "data/search/crisis.yml"
    lexicon = _mapping(_read(folder / "search" / "crisis.yml", crisis_where), crisis_where, {"words", "alone"}, {"words"})
    return SearchRules(
        stopwords=_words(document["stopwords"], f"{where}: stopwords"),
        weights=_weights(document.get("weights", {}), f"{where}: weights"),
        intents=_intents(document.get("intents", []), f"{where}: intents"),
        typos=_text_map(document.get("typos", {}), f"{where}: typos"),
        synonyms=_synonyms(_read(folder / "search" / "synonyms.yml", "data/search/synonyms.yml"), "data/search/synonyms.yml"),
        duration_about=about,
        duration_context=context,
        durations=durations,
        fallback_pages=_pages(fallback["pages"], f"{where}: fallback.pages"),
        crisis_page=_pages([crisis["page"]], f"{where}: crisis.page")[0],
        crisis_title=_text(crisis["title"], f"{where}: crisis.title"),
        hotlines=hotlines,
        crisis_words=_words(lexicon["words"], f"{crisis_where}: words"),
        crisis_alone=_words(lexicon.get("alone", []), f"{crisis_where}: alone"),
    )


def page_aliases(meta: dict[str, Any], source: str) -> list[str]:
    """The phrasings a page declares in front matter `aliases:` (optional)."""
    value = meta.get("aliases", [])
    if not isinstance(value, list):
        raise PluginError(f"{source}: front matter 'aliases' must be a list of phrases")
    phrases = [str(item).strip() for item in value if isinstance(item, (str, int)) and not isinstance(item, bool)]
    if len(phrases) != len(value) or not all(phrases):
        raise PluginError(f"{source}: front matter 'aliases' must be a list of phrases (text or numbers like 12378)")
    return phrases


def segment(text: str) -> str:
    """Segment Chinese runs with jieba and separate words by U+200B, as Material's search plugin does."""

    def split(match: re.Match[str]) -> str:
        return ZERO_WIDTH_SPACE + ZERO_WIDTH_SPACE.join(jieba.cut(match.group(0))) + ZERO_WIDTH_SPACE

    return HAN_RUN.sub(split, text).strip(ZERO_WIDTH_SPACE)


def add_aliases_to_index(index: dict[str, Any], aliases: dict[str, list[str]]) -> dict[str, Any]:
    """Append each page's aliases, segmented, to the text of the page's own entry in the index.

    aliases maps a page URL as the index writes it (for example "guides/credit/") to its phrases.
    """
    by_location = {doc["location"]: doc for doc in index["docs"]}
    for location, phrases in aliases.items():
        doc = by_location.get(location)
        if doc is None:
            raise PluginError(f"search index has no entry for page '{location}' to add aliases to")
        extra = ZERO_WIDTH_SPACE.join(segment(phrase) for phrase in phrases)
        doc["text"] = f"{doc['text']}{ZERO_WIDTH_SPACE}{ALIASES_MARK}{ZERO_WIDTH_SPACE}{extra}"
    return index
