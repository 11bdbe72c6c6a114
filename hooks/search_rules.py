"""Load and validate data/search.yml (query-side rules) and page aliases; segment text like the index.

Pure functions: hooks/search.py calls them at build time, the tests call them directly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jieba
import yaml
from mkdocs.exceptions import PluginError

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ZERO_WIDTH_SPACE = "\u200b"
ALIASES_MARK = "\u2063"  # INVISIBLE SEPARATOR: the wrapper worker cuts result text here, so aliases never show


@dataclass(frozen=True)
class SearchRules:
    traditional: dict[str, str]
    typos: dict[str, str]
    synonyms: dict[str, list[str]]
    stopwords: list[str]

    def to_javascript(self) -> str:
        """The rules as a classic-worker script: it sets self.searchQueryRules."""
        payload = json.dumps(
            {
                "traditional": self.traditional,
                "typos": self.typos,
                "synonyms": self.synonyms,
                "stopwords": self.stopwords,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        return f"// Generated from data/search.yml at build time.\nself.searchQueryRules = {payload};\n"


def _words(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise PluginError(f"{where}: expected a list of non-empty words")
    return [item.strip() for item in value]


def _text_map(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise PluginError(f"{where}: expected a mapping of text to text")
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str) or not key.strip() or not item.strip():
            raise PluginError(f"{where}.{key}: expected non-empty text on both sides")
    return {key.strip(): item.strip() for key, item in value.items()}


def load_search_rules(path: Path) -> SearchRules:
    where = "data/search.yml"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PluginError(f"{where}: cannot be read: {exc}") from exc
    if not isinstance(document, dict):
        raise PluginError(f"{where}: expected a mapping with traditional, typos, synonyms, stopwords")
    unknown = set(document) - {"traditional", "typos", "synonyms", "stopwords"}
    if unknown:
        raise PluginError(f"{where}: unknown keys {sorted(unknown)}")
    pairs = "".join(str(document.get("traditional", "")).split())
    if len(pairs) % 2:
        raise PluginError(f"{where}: traditional: expected pairs of characters (traditional, simplified)")
    traditional = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    synonyms_raw = document.get("synonyms", {})
    if not isinstance(synonyms_raw, dict):
        raise PluginError(f"{where}: synonyms: expected a mapping of word to a list of words")
    synonyms = {str(key): _words(value, f"{where}: synonyms.{key}") for key, value in synonyms_raw.items()}
    return SearchRules(
        traditional=traditional,
        typos=_text_map(document.get("typos", {}), f"{where}: typos"),
        synonyms=synonyms,
        stopwords=_words(document.get("stopwords", []), f"{where}: stopwords"),
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
