"""`<!-- table:penalty_scenarios -->`: a grid of 罚息 examples from data/penalty_scenarios.yml.

Every cell is computed by calculators.penalty.penalty_interest; the file is read when the marker
is met (so `mkdocs serve` picks up edits) and validated on load.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from markupsafe import Markup

from calculators.forms import money_text
from calculators.inputs import NumberRule
from calculators.penalty import DAILY_RATE, DAYS, MARKUP, PRINCIPAL, penalty_interest
from hooks.data.checks import ROOT, Where, distinct, fact_key, items, mapping, number, read_data
from hooks.data.facts import Registry
from hooks.pages.facts_step import fact_reference
from hooks.pages.markers import Marker
from hooks.pages.page import PageContext, render

PENALTY_SCENARIOS = ROOT / "data" / "penalty_scenarios.yml"
REDUCTION_FACT = "court_reduction_line"  # the 24 % line under the table (法发〔2017〕22号)


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
        reduction_line=Markup(fact_reference(context.registry.facts[REDUCTION_FACT], context)),
    )
