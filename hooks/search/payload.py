"""What the search worker receives at start: every rule and table, as one JSON object (search-rules.js).

Built after the index is written (hooks/search/index.py, on_post_build), because the tables are cut down to the index's
own vocabulary and the build checks that every synonym target is a word of the index.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from hooks.data.facts import Registry
from hooks.pages.page import render
from hooks.search.rules import SearchRules
from hooks.search.tables import (
    HAN,
    common_characters,
    everyday_words,
    function_words,
    fuzzy_rules_for_javascript,
    pinyin_table,
    traditional_table,
    vocabulary_pinyin,
)


def user_dictionary(path: Path) -> list[str]:
    """The words of a jieba user dictionary (one per line, optionally followed by a frequency and a tag)."""
    return [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _fact(registry: Registry, key: str, where: str) -> str:
    fact = registry.facts.get(key)
    if fact is None:
        raise PluginError(f"{where}: no fact '{key}' in data/facts")
    return fact.value


def _page_doc(by_location: dict[str, dict[str, Any]], page: str, where: str) -> dict[str, Any]:
    doc = by_location.get(page)
    if doc is None:
        raise PluginError(f"{where}: the search index has no page '{page}'")
    return doc


def check_targets(rules: SearchRules, vocabulary: set[str]) -> None:
    missing = sorted(term for term in rules.targets() if term.lower() not in vocabulary)
    if missing:
        raise PluginError(
            f"data/search/synonyms.yml or data/search.yml: these target words are not words of the search index: {missing}"
            " (use words the pages use, as jieba splits them; data/search/userdict.txt can keep a compound whole)"
        )


def crisis_block(rules: SearchRules, registry: Registry) -> str:
    where = "data/search.yml: crisis.hotlines"
    hotlines = [
        {
            "number": _fact(registry, line.number, where),
            "label": line.label,
            "hours": _fact(registry, line.hours, where) if line.hours else "",
        }
        for line in rules.hotlines
    ]
    return render("search_crisis.html", hotlines=hotlines)


def rules_words(rules: SearchRules, domain_words: list[str]) -> set[str]:
    """Every word the search rules give a meaning to: a function word among them is not dropped from a query."""
    return {
        *domain_words,
        *rules.targets(),
        *rules.synonyms,
        *(word for intent in rules.intents for word in intent.words),
        *rules.duration_about,
        *rules.duration_context,
        *rules.crisis_words,
        *rules.crisis_alone,
        *rules.typos,
        *rules.typos.values(),
    }


def worker_payload(
    rules: SearchRules,
    index: dict[str, Any],
    vocabulary: set[str],
    registry: Registry,
    domain_words: list[str],
    *,
    aliases: dict[str, list[str]],
) -> dict[str, Any]:
    """aliases: page location → the phrasings from its front matter (the worker lifts a page a query reads like)."""
    check_targets(rules, vocabulary)
    by_location = {doc["location"]: doc for doc in index["docs"]}
    keep = set(common_characters()) | {char for word in vocabulary for char in word if HAN.match(char)}
    traditional = traditional_table(keep)
    crisis_doc = _page_doc(by_location, rules.crisis_page, "data/search.yml: crisis.page")
    for page in rules.weights:
        _page_doc(by_location, page, "data/search.yml: weights")
    for intent in rules.intents:
        for page in intent.pages:
            _page_doc(by_location, page, "data/search.yml: intents")
    return {
        "traditional": "".join(f"{old}{new}" for old, new in sorted(traditional.items())),
        "pinyin": pinyin_table(keep, vocabulary),
        "words": vocabulary_pinyin(vocabulary),
        "everyday": " ".join(everyday_words(vocabulary)),
        "fuzzy": fuzzy_rules_for_javascript(),
        "aliases": dict(sorted(aliases.items())),
        "stopwords": sorted({*rules.stopwords, *function_words(rules_words(rules, domain_words))}),
        "weights": rules.weights,
        "intents": [{"words": item.words, "pages": item.pages, "factor": item.factor} for item in rules.intents],
        "typos": rules.typos,
        "synonyms": rules.synonyms,
        "durations": {
            "about": rules.duration_about,
            "context": rules.duration_context,
            "ranges": [
                {"from": item.first_day, "to": item.last_day, "terms": item.terms, "pages": item.pages}
                for item in rules.durations
            ],
        },
        "domain": sorted({word for word in [*domain_words, *rules.targets()] if word.lower() in vocabulary}),
        "fallback": [
            {"location": page, "title": _page_doc(by_location, page, "data/search.yml: fallback.pages")["title"]}
            for page in rules.fallback_pages
        ],
        "crisis": {
            "words": rules.crisis_words,
            "alone": rules.crisis_alone,
            "location": crisis_doc["location"],
            "title": rules.crisis_title,
            "html": crisis_block(rules, registry),
        },
    }


def to_javascript(payload: dict[str, Any]) -> str:
    """The payload as a classic-worker script: it sets self.searchQueryRules."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"// Generated at build time by hooks/search/index.py from data/search*, OpenCC and pypinyin.\nself.searchQueryRules = {text};\n"
