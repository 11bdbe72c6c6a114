"""Data sets the calculators read: data/<name>.yml, with the values of the facts they cite.

One way in both places:
- in the browser (Pyodide has no YAML parser), the build packs each data set as JSON into
  calculators.zip at `calculators/_data/<name>.json` (hooks/data/datasets.py); the worker imports the calculators
  from that zip, and `load` reads the file through the module's loader (zipimport);
- in CPython (the build, the tests), no packed file exists next to this module, so `load`
  reads data/<name>.yml and data/facts/*.yml itself and resolves it the same way.

A data set cites facts by key, anywhere in its tree: a mapping entry named `fact` or ending
in `_fact` holds one key, an entry named `facts` a list of keys. `resolve` collects them and
adds their values, so a calculator shows a figure or a rule only as the fact's own text.
Errors name the data set's key path (`rules[2].facts[0]`); the build adds the file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

PACKED = Path(__file__).parent / "_data"  # only in the browser's copy (calculators.zip)
REPOSITORY_DATA = Path(__file__).resolve().parent.parent / "data"

# Every data set a calculator reads; the build packs and validates exactly these.
DATASETS = ("credit_rules", "triage", "letters", "penalty_rules")


class DataError(ValueError):
    """A data set that cannot be used: the key path inside it and what was expected."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}" if key else problem)
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class Dataset:
    name: str
    data: Any  # the YAML document, dates as ISO text
    facts: Mapping[str, str]  # fact key -> the value shown on the site

    def fact(self, key: str) -> str:
        if key not in self.facts:
            raise DataError(key, f"fact {key!r} is not cited by data set {self.name!r}")
        return self.facts[key]

    def to_json(self) -> str:
        return json.dumps({"data": self.data, "facts": dict(self.facts)}, ensure_ascii=False, sort_keys=True)


def _plain(value: Any, key: str) -> Any:
    """The document with dates as ISO text and only JSON types left."""
    if isinstance(value, dict):
        return {str(k): _plain(v, f"{key}.{k}" if key else str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, f"{key}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        raise DataError(key, f"write the number {value!r} in quotes: a float is not the number typed")
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise DataError(key, f"unexpected value {value!r}")


def cited_facts(document: Any, key: str = "") -> list[tuple[str, str]]:
    """Every (key path, fact key) the document cites, in document order."""
    found: list[tuple[str, str]] = []
    if isinstance(document, dict):
        for name, value in document.items():
            at = f"{key}.{name}" if key else str(name)
            if name == "fact" or str(name).endswith("_fact"):
                if not isinstance(value, str):
                    raise DataError(at, f"expected a fact key, got {value!r}")
                found.append((at, value))
            elif name == "facts":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise DataError(at, f"expected a list of fact keys, got {value!r}")
                found.extend((f"{at}[{i}]", v) for i, v in enumerate(value))
            else:
                found.extend(cited_facts(value, at))
    elif isinstance(document, list):
        for i, value in enumerate(document):
            found.extend(cited_facts(value, f"{key}[{i}]"))
    return found


def resolve(name: str, document: Any, fact_values: Mapping[str, str]) -> Dataset:
    """The data set with the values of the facts it cites; an unknown fact key is an error."""
    data = _plain(document, "")
    facts: dict[str, str] = {}
    for at, fact in cited_facts(data):
        if fact not in fact_values:
            raise DataError(at, f"unknown fact key {fact!r} (facts live in data/facts/*.yml)")
        facts[fact] = fact_values[fact]
    return Dataset(name=name, data=data, facts=facts)


def from_repository(name: str, data_folder: Path = REPOSITORY_DATA) -> Dataset:
    """CPython only: read data/<name>.yml and the facts registry's values."""
    facts = tuple(path.read_text(encoding="utf-8") for path in sorted((data_folder / "facts").glob("*.yml")))
    return resolve(name, _parse_yaml((data_folder / f"{name}.yml").read_text(encoding="utf-8")), _fact_values(facts))


def _parse_yaml(text: str) -> Any:
    import yaml  # PyYAML exists in CPython (it comes with MkDocs); the browser reads the packed JSON instead

    try:  # libyaml's parser first (much faster); PyYAML's own for a file it refuses, for the same message
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders
    except yaml.YAMLError:
        return yaml.safe_load(text)


@lru_cache(maxsize=2)  # a build runs several calculators on the same facts files: parsed once for their text
def _fact_values(texts: tuple[str, ...]) -> Mapping[str, str]:
    values: dict[str, str] = {}
    for text in texts:
        for key, entry in ((_parse_yaml(text) or {}).get("facts") or {}).items():
            if isinstance(entry, dict) and "value" in entry:
                values[str(key)] = str(entry["value"]).strip()
    return MappingProxyType(values)  # shared between calls: read-only


def load(name: str) -> Dataset:
    """The data set `name`: the packed JSON in the browser, the YAML in CPython."""
    if name not in DATASETS:
        raise DataError("", f"unknown data set {name!r}; known: {', '.join(DATASETS)}")
    packed = _packed(name)
    if packed is not None:
        document = json.loads(packed)
        return Dataset(name=name, data=document["data"], facts=document["facts"])
    return from_repository(name)


def _packed(name: str) -> str | None:
    """The packed JSON beside this module, read as its loader reads it (from inside calculators.zip), or None."""
    loader = __spec__.loader if __spec__ is not None else None
    get_data = getattr(loader, "get_data", None)
    if get_data is None:
        return None
    try:
        data: bytes = get_data(str(PACKED / f"{name}.json"))
    except OSError:  # in CPython: no packed file next to the source
        return None
    return data.decode("utf-8")
