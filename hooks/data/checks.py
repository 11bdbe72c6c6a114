"""Small validators for YAML data files: each error names the file and the key path.

Shared by the generated tables (hooks/pages/penalty_table.py, hooks/pages/timeline_table.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

from calculators.inputs import FieldError, NumberRule, parse_number
from hooks import ROOT
from hooks.data.figures import figures_in_line
from hooks.data.facts import Registry, load_yaml

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class Where:
    """A place in a data file, for error messages: `data/timeline.yml: overdue[2].facts[0].fact`."""

    file: str
    key: str = ""

    def at(self, part: str | int) -> Where:
        if isinstance(part, int):
            return Where(self.file, f"{self.key}[{part}]")
        return Where(self.file, f"{self.key}.{part}" if self.key else part)

    def fail(self, problem: str) -> PluginError:
        return PluginError(f"{self.file}: {self.key}: {problem}" if self.key else f"{self.file}: {problem}")


def read_data(path: Path) -> tuple[Any, Where]:
    try:
        shown = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        shown = str(path)
    where = Where(shown)
    try:
        return load_yaml(path.read_text(encoding="utf-8")), where
    except OSError as exc:
        raise where.fail(f"cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise where.fail(f"not valid YAML: {exc}") from exc


def mapping(value: Any, where: Where, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise where.fail(f"expected a mapping with {', '.join(required)}, got {value!r}")
    unknown = sorted(str(key) for key in value if key not in required + optional)
    if unknown:
        raise where.at(unknown[0]).fail(f"unknown key; expected {', '.join(required + optional)}")
    for key in required:
        if key not in value:
            raise where.at(key).fail("missing")
    return value


def items(value: Any, where: Where) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise where.fail(f"expected a non-empty list, got {value!r}")
    return value


def text(value: Any, where: Where) -> str:
    if not isinstance(value, str) or not value.strip():
        raise where.fail(f"expected a non-empty text, got {value!r}")
    if DIGIT.search(value) or figures_in_line(value):  # Arabic digits, or Chinese numerals with a unit
        raise where.fail(f"figures belong in facts (data/facts/), not in this text: {value!r}")
    return value.strip()


def fact_key(value: Any, where: Where, registry: Registry) -> str:
    if not isinstance(value, str) or value not in registry.facts:
        raise where.fail(f"unknown fact key {value!r}; expected a key defined under 'facts:' in data/facts/*.yml")
    return value


def number(value: Any, where: Where, rule: NumberRule, expected: str) -> Decimal:
    """A number from YAML: a quoted string or an int. A float is refused: its value is not the typed one."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        quote = " in quotes" if isinstance(value, float) else ""
        raise where.fail(f"expected {expected}{quote}, got {value!r}")
    try:
        return parse_number(where.key, str(value), rule)
    except FieldError as exc:
        raise where.fail(f"expected {expected} ({exc.message})") from exc


def distinct(values: list[Any], where: Where) -> tuple[Any, ...]:
    if len(set(values)) != len(values):
        raise where.fail(f"each value may appear once, got {values!r}")
    return tuple(values)
