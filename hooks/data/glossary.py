"""Load and validate data/glossary.yml: terms with short definitions, aliases, facts and a guide.

Errors name the file and the key. Figures never appear in a definition: they come from facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

from hooks import ROOT
from hooks.data.facts import KEY, FactRef, Registry, safe_load
from hooks.data.figures import figures_in_line

GLOSSARY_FILE = ROOT / "data" / "glossary.yml"
DOCS = ROOT / "docs"
GLOSSARY_PAGE = "glossary.md"  # the page that lists the terms (and gets no tooltips)
FIELDS = ("term", "definition", "aliases", "facts", "guide")
MAX_DEFINITION = 120  # a tooltip, not an article
FIGURE = re.compile(r"[0-9０-９%％‰]")  # figures come from facts, never from a definition
GUIDE = re.compile(r"^(?:[a-z0-9_-]+/)*[a-z0-9_-]+\.md$")


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
    match = FIGURE.search(text)
    figure = match.group(0) if match else next(iter(figures_in_line(text)), None)  # also 三天, 两次, 第十六条
    if figure:
        raise PluginError(
            f"{where}: {what} states a figure ({figure!r}); put figures in data/facts "
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
        document = safe_load(path.read_text(encoding="utf-8"))
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
