"""Step: tables generated from data.

`<!-- table:penalty_scenarios -->` becomes a grid of 罚息 examples from data/penalty_scenarios.yml,
every cell computed by calculators.penalty.penalty_interest. `<!-- timeline:NAME -->` becomes the
stages of data/timeline.yml, each citing the facts it rests on in the page's source list.

A data file is read when its marker is met, so `mkdocs serve` picks up edits, and validated on
load: errors name the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import yaml
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from calculators.forms import money_text
from calculators.inputs import FieldError, NumberRule, parse_number
from calculators.penalty import DAILY_RATE, DAYS, MARKUP, PRINCIPAL, penalty_interest
from hooks.facts_data import FactRef, Registry
from hooks.facts_step import fact_reference
from hooks.markers import Marker, replace_markers
from hooks.page import PageContext, render

ROOT = Path(__file__).resolve().parent.parent
PENALTY_SCENARIOS = ROOT / "data" / "penalty_scenarios.yml"
TIMELINES = ROOT / "data" / "timeline.yml"
TABLE_KIND = "table"
TIMELINE_KIND = "timeline"
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
        return yaml.safe_load(path.read_text(encoding="utf-8")), where
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
    if DIGIT.search(value):
        raise where.fail(f"figures belong in facts (data/facts/), not in this text: {value!r}")
    return value.strip()


def fact_key(value: Any, where: Where, registry: Registry) -> str:
    if not isinstance(value, str) or value not in registry.facts:
        raise where.fail(f"unknown fact key {value!r} (facts live in data/facts/*.yml)")
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


# ---- the penalty table ---------------------------------------------------------------


@dataclass(frozen=True)
class PenaltyScenarios:
    markup_percent: Decimal
    markup_fact: str
    daily_rates: tuple[Decimal, ...]  # percent a day: 0.05 is 0.05 %
    principals: tuple[Decimal, ...]  # yuan
    days: tuple[int, ...]


def numbers(value: Any, where: Where, rule: NumberRule, expected: str) -> tuple[Decimal, ...]:
    return distinct([number(v, where.at(i), rule, expected) for i, v in enumerate(items(value, where))], where)


def load_penalty_scenarios(path: Path, registry: Registry) -> PenaltyScenarios:
    document, where = read_data(path)
    top = mapping(document, where, ("markup", "scenarios", "principals", "days"))
    markup = mapping(top["markup"], where.at("markup"), ("percent", "fact"))
    rates = []
    for i, entry in enumerate(items(top["scenarios"], where.at("scenarios"))):
        at = where.at("scenarios").at(i)
        scenario = mapping(entry, at, ("daily_rate",))
        rates.append(number(scenario["daily_rate"], at.at("daily_rate"), DAILY_RATE, "a percent like 0.05"))
    return PenaltyScenarios(
        markup_percent=number(markup["percent"], where.at("markup").at("percent"), MARKUP, "a percent like 50"),
        markup_fact=fact_key(markup["fact"], where.at("markup").at("fact"), registry),
        daily_rates=distinct(rates, where.at("scenarios")),
        principals=numbers(top["principals"], where.at("principals"), PRINCIPAL, "an amount in yuan like 10000"),
        days=tuple(int(d) for d in numbers(top["days"], where.at("days"), DAYS, "whole days like 30")),
    )


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 0.050 → 0.05, 5E+1 → 50."""
    return format(value.normalize(), "f")


def render_penalty_scenarios(marker: Marker, context: PageContext, path: Path = PENALTY_SCENARIOS) -> str:
    table = load_penalty_scenarios(path, context.registry)
    markup = table.markup_percent.scaleb(-2)
    groups = [
        {
            "principal": plain(principal),
            "principal_text": f"{principal:,f}",
            "rows": [
                {
                    "days": days,
                    "cells": [
                        {"rate": plain(rate), "value": penalty_interest(principal, rate.scaleb(-2), days, markup)}
                        for rate in table.daily_rates
                    ],
                }
                for days in table.days
            ],
        }
        for principal in table.principals
    ]
    return render(
        "penalty_table.html",
        name=marker.name,
        rates=[plain(rate) for rate in table.daily_rates],
        groups=groups,
        money=money_text,
        markup=plain(table.markup_percent),
        markup_fact=Markup(fact_reference(context.registry.facts[table.markup_fact], context)),
    )


TABLES: dict[str, Callable[[Marker, PageContext], str]] = {"penalty_scenarios": render_penalty_scenarios}


# ---- timelines -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    when: str
    what: str
    trigger: str
    facts: tuple[FactRef, ...]


def load_stage(entry: Any, where: Where, registry: Registry) -> Stage:
    stage = mapping(entry, where, ("when", "what", "trigger", "facts"))
    refs = []
    for i, item in enumerate(items(stage["facts"], where.at("facts"))):
        at = where.at("facts").at(i)
        ref = mapping(item, at, ("fact",), ("label",))
        label = text(ref["label"], at.at("label")) if "label" in ref else ""
        refs.append(FactRef(fact_key(ref["fact"], at.at("fact"), registry), label))
    return Stage(
        when=text(stage["when"], where.at("when")),
        what=text(stage["what"], where.at("what")),
        trigger=text(stage["trigger"], where.at("trigger")),
        facts=tuple(refs),
    )


def load_timelines(path: Path, registry: Registry) -> dict[str, tuple[Stage, ...]]:
    document, where = read_data(path)
    if not isinstance(document, dict) or not document:
        raise where.fail("expected a mapping of timeline name to a list of stages")
    timelines: dict[str, tuple[Stage, ...]] = {}
    for name, stages in document.items():
        if not isinstance(name, str) or not NAME.match(name):
            raise where.at(str(name)).fail("timeline names are lower_snake_case")
        at = where.at(name)
        timelines[name] = tuple(load_stage(entry, at.at(i), registry) for i, entry in enumerate(items(stages, at)))
    return timelines


def render_timeline(marker: Marker, context: PageContext, path: Path = TIMELINES) -> str:
    timelines = load_timelines(path, context.registry)
    stages = timelines.get(marker.name)
    if stages is None:
        raise marker.fail(f"unknown timeline; {path.name} defines: {', '.join(sorted(timelines))}")
    basis = [
        [(ref.label, Markup(fact_reference(context.registry.facts[ref.key], context))) for ref in stage.facts]
        for stage in stages
    ]
    return render("timeline.html", name=marker.name, stages=list(zip(stages, basis)))


# ---- the step ----------------------------------------------------------------------------


def tables_step(markdown: str, context: PageContext) -> str:
    def table(marker: Marker) -> str:
        renderer = TABLES.get(marker.name)
        if renderer is None:
            raise marker.fail(f"unknown table; known: {', '.join(sorted(TABLES))}")
        return block(marker, renderer)

    def block(marker: Marker, renderer: Callable[[Marker, PageContext], str]) -> str:
        if marker.options:
            raise marker.fail(f"takes no options, got {', '.join(marker.options)}")
        return "\n\n" + renderer(marker, context) + "\n\n"

    # Timelines first: on guides/consequences.md the timeline stands above the table, so the
    # page's source numbers follow reading order.
    markdown = replace_markers(
        markdown, TIMELINE_KIND, context.source, lambda marker: block(marker, render_timeline), context.line_offset
    )
    return replace_markers(markdown, TABLE_KIND, context.source, table, context.line_offset)
