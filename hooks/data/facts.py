"""Load and validate the facts registry: data/facts/*.yml.

Each file holds two maps (see the schema comment at the top of every file):
  sources: key -> {title, publisher, url, published (a date, or 'undated' for a live page), class}
           class says what the linked page is (SOURCE_CLASSES); `make facts` reports every fact
           whose source is not primary or official media.
  facts:   key -> {value, source, checked, note?}
Keys are unique across all files. Errors name the file and the key.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

KEY = re.compile(r"^[a-z0-9_]+$")
PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
UNDATED = "undated"  # a live page (a service site, an encyclopedia entry) with no publication date
STALE_AFTER_DAYS = 365
SOURCE_CLASSES = {
    "primary": "原文（政府、监管部门、法院、立法机关自己的网站）",
    "official_media": "官方媒体（新华社、人民日报、法治日报等及其转载）",
    "reprint": "转载的原文（非官方网站上的法规全文，按文件名和文号引用）",
    "other": "其他（商业网站、问答、律师文章、境外或行业媒体）",
}
SOURCE_CLASS_NAMES = {key: label.split("（")[0] for key, label in SOURCE_CLASSES.items()}  # short, for lists
TRUSTED_CLASSES = ("primary", "official_media")  # the README's target for every legal rule
EXAMPLE_PREFIX = "example_"  # facts that are the site's own worked examples of a cited rule
HOTLINE_PREFIX = "hotline_"  # facts whose digits-only value is a phone number: rendered as a tel: link
PHONE = re.compile(r"^[0-9]{3,12}$")
SOURCE_FIELDS = ("title", "publisher", "url", "published", "class")
FACT_FIELDS = ("value", "source", "checked", "note")


class UniqueKeyLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a key written twice in one mapping (PyYAML silently keeps the last one)."""


def _unique_mapping(loader: UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if isinstance(key, (str, int, bool, float, dt.date)) and key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key '{key}' is written twice (lines {seen[key]} and {line}); keep one", key_node.start_mark
            )
        if isinstance(key, (str, int, bool, float, dt.date)):
            seen[key] = line
    return loader.construct_mapping(node, deep=deep)


# libyaml's parser under the same safe constructors: about 15x faster than PyYAML's pure-Python parser, which
# was most of the build's time spent in data files. PyYAML's wheels include libyaml; without it, the pure one.
FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastUniqueKeyLoader(FastSafeLoader):  # type: ignore[misc, valid-type]
    """UniqueKeyLoader with libyaml's parser."""


for _loader in (UniqueKeyLoader, FastUniqueKeyLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_yaml(text: str) -> Any:
    """Parse one data file: safe types only (a SafeLoader subclass), duplicate keys refused.

    A file that fails is parsed again by the pure-Python parser, whose message (with the line quoted) is the one
    raised: errors read the same whichever parser found them first."""
    try:
        return yaml.load(text, Loader=FastUniqueKeyLoader)  # noqa: S506 - a CSafeLoader subclass
    except yaml.YAMLError:
        return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - UniqueKeyLoader is a yaml.SafeLoader


def safe_load(text: str) -> Any:
    """yaml.safe_load, with libyaml's parser first (see load_yaml)."""
    try:
        return yaml.load(text, Loader=FastSafeLoader)  # noqa: S506 - CSafeLoader or SafeLoader
    except yaml.YAMLError:
        return yaml.safe_load(text)


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    url: str
    published: str  # YYYY, YYYY-MM, YYYY-MM-DD or "undated"
    source_class: str = "other"  # one of SOURCE_CLASSES

    @property
    def published_text(self) -> str:
        return "在线页面，无发布日期" if self.published == UNDATED else f"发布于 {self.published}"


@dataclass(frozen=True)
class Fact:
    key: str
    value: str
    source: str
    checked: dt.date
    origin: str

    @property
    def is_example(self) -> bool:
        """A worked example: its inputs are made up and its source holds the rule, not the example."""
        return self.key.startswith(EXAMPLE_PREFIX)

    @property
    def is_phone(self) -> bool:
        """A hotline number (hotline_12356), as opposed to a fact about it (hotline_12356_hours)."""
        return self.key.startswith(HOTLINE_PREFIX) and bool(PHONE.match(self.value))


@dataclass(frozen=True)
class FactRef:
    """A fact cited by a data file (a timeline stage, a glossary term), with an optional label."""

    key: str
    label: str = ""  # what the value is, when the value alone does not say it


@dataclass(frozen=True)
class Registry:
    sources: dict[str, Source]
    facts: dict[str, Fact]

    def stale(self, today: dt.date) -> list[Fact]:
        """Facts last checked more than STALE_AFTER_DAYS before `today`."""
        return [f for f in self.facts.values() if (today - f.checked).days > STALE_AFTER_DAYS]


def _text(entry: dict[str, Any], field: str, where: str) -> str:
    value = entry.get(field)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        got = "it is missing" if field not in entry else f"got {_shown(entry[field])}"
        raise PluginError(f"{where}: '{field}' must be a non-empty text; {got}")
    return value.strip()


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fields(entry: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    unknown = sorted(str(key) for key in entry if key not in allowed)
    if unknown:
        raise PluginError(f"{where}: unknown field '{unknown[0]}'; expected only {', '.join(allowed)}")


def iso_date(value: Any) -> dt.date | None:
    """A date as YAML gives it (a date, or a string written YYYY-MM-DD), else None; a date with a time is not one."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return None


def _date(entry: dict[str, Any], field: str, where: str) -> dt.date:
    value = entry.get(field)
    if (date := iso_date(value)) is not None:
        return date
    got = "it is missing" if field not in entry else f"got {_shown(value)}"
    raise PluginError(f"{where}: '{field}' must be a date written YYYY-MM-DD; {got}")


def _published(entry: dict[str, Any], where: str) -> str:
    value = entry.get("published")
    text = value.isoformat() if isinstance(value, dt.date) else str(value) if value is not None else ""
    if not PUBLISHED.match(text) and text != UNDATED:
        raise PluginError(
            f"{where}: 'published' must be YYYY, YYYY-MM, YYYY-MM-DD or '{UNDATED}' (a live page), got {value!r}"
        )
    return text


def _mapping(document: Any, field: str, origin: str) -> dict[str, Any]:
    value = document.get(field, {}) if isinstance(document, dict) else None
    if not isinstance(value, dict):
        raise PluginError(f"data/facts/{origin}: '{field}' must be a mapping of key to entry, got {_shown(value)}")
    return value


_read: dict[tuple[str, tuple[tuple[str, bytes], ...]], Registry] = {}  # the last registry read, by its files' bytes


def load_registry(folder: Path) -> Registry:
    """Read every *.yml in `folder`, validate it, and cross-check fact → source references.

    Several hooks read the registry during one build: files with exactly the bytes of the last call give that
    call's Registry again (never stale: an edited file has other bytes). Treat it as read-only."""
    key = (str(folder.resolve()), tuple((path.name, path.read_bytes()) for path in sorted(folder.glob("*.yml"))))
    if key not in _read:
        registry = _validated_registry(folder)
        _read.clear()
        _read[key] = registry
    return _read[key]


def _validated_registry(folder: Path) -> Registry:
    sources: dict[str, Source] = {}
    facts: dict[str, Fact] = {}
    source_origin: dict[str, str] = {}
    files = sorted(folder.glob("*.yml"))
    if not files:
        raise PluginError(f"{folder}: no facts files (*.yml) found")
    for path in files:
        origin = path.name
        try:
            document = load_yaml(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise PluginError(f"data/facts/{origin}: not valid YAML: {exc}") from exc
        if not isinstance(document, dict) or set(document) - {"sources", "facts"}:
            found = sorted(map(str, document)) if isinstance(document, dict) else type(document).__name__
            raise PluginError(f"data/facts/{origin}: top level must have only 'sources' and 'facts', found {found}")
        for key, entry in _mapping(document, "sources", origin).items():
            where = f"data/facts/{origin}: sources.{key}"
            if not isinstance(entry, dict) or not KEY.match(str(key)):
                raise PluginError(f"{where}: key must be lower_snake_case and the entry a mapping")
            if key in sources:
                raise PluginError(f"{where}: duplicate source key (also defined in data/facts/{source_origin[key]}); keys are unique across files")
            _fields(entry, SOURCE_FIELDS, where)
            source_origin[key] = origin
            url = _text(entry, "url", where)
            if not url.startswith(("https://", "http://")):
                raise PluginError(f"{where}: 'url' must start with https:// or http://")
            title, publisher, published = _text(entry, "title", where), _text(entry, "publisher", where), _published(entry, where)
            source_class = entry.get("class")
            if source_class not in SOURCE_CLASSES:
                raise PluginError(
                    f"{where}: 'class' must be one of {', '.join(SOURCE_CLASSES)} "
                    f"(what the linked page is), got {source_class!r}"
                )
            sources[key] = Source(key, title, publisher, url, published, source_class)
        for key, entry in _mapping(document, "facts", origin).items():
            where = f"data/facts/{origin}: facts.{key}"
            if not isinstance(entry, dict) or not KEY.match(str(key)):
                raise PluginError(f"{where}: key must be lower_snake_case and the entry a mapping")
            if key in facts:
                raise PluginError(f"{where}: duplicate fact key (also defined in data/facts/{facts[key].origin}); keys are unique across files")
            _fields(entry, FACT_FIELDS, where)
            facts[key] = Fact(key, _text(entry, "value", where), _text(entry, "source", where), _date(entry, "checked", where), origin)
    for fact in facts.values():
        if fact.source not in sources:
            raise PluginError(
                f"data/facts/{fact.origin}: facts.{fact.key}: unknown source '{fact.source}'; expected a key under 'sources:' in data/facts/*.yml"
            )
    return Registry(sources=sources, facts=facts)
