"""Step: `<!-- triage:crisis -->` and `<!-- triage:rules -->` — the triage tool's rules as plain text.

The same data/triage.yml the calculator evaluates (calculators/triage.py), rendered at build so the
page shows the crisis block and every decision with JavaScript off. Figures cite their facts.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from calculators.datasets import DataError, from_repository
from calculators.triage import PLACEHOLDER, QUESTIONS, Action, TriageRules, load_rules
from hooks.data.checks import ROOT
from hooks.pages.facts_step import fact_reference
from hooks.pages.markers import Marker, replace_markers
from hooks.pages.page import PageContext, render

KIND = "triage"
DATA = ROOT / "data"
LABELS = {field.name: (field.label, {option.value: option.label for option in field.options}) for field in QUESTIONS}


def load(marker: Marker) -> TriageRules:
    try:
        return load_rules(from_repository("triage", DATA))
    except DataError as exc:
        raise marker.fail(f"data/triage.yml: {exc.key}: {exc.problem}") from exc


def cited(template: str, context: PageContext) -> Markup:
    """A text of the data with each {fact_key} replaced by the fact and its source link."""
    parts: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(html.escape(template[last : match.start()]))
        parts.append(fact_reference(context.registry.facts[match.group(1)], context))
        last = match.end()
    parts.append(html.escape(template[last:]))
    return Markup("".join(parts))


def condition(action: Action) -> str:
    """When an action applies, in the form's own words."""
    clauses = []
    for question, answers in action.when.items():
        label, options = LABELS[question]
        clauses.append(f"{label.rstrip('？')}：" + " 或 ".join(f"“{options[a]}”" for a in answers))
    return "；".join(clauses)


def render_triage(marker: Marker, context: PageContext) -> str:
    if marker.options:
        raise marker.fail(f"takes no options, got {', '.join(marker.options)}")
    rules = load(marker)
    if marker.name == "crisis":
        crisis = rules.crisis
        calls = [
            (call.number, call.label, cited("{" + call.note_fact + "}", context) if call.note_fact else "")
            for call in crisis.calls
        ]
        return "\n\n" + render(
            "triage_crisis.html", title=crisis.title, why=crisis.why, calls=calls, key=crisis.key
        ) + "\n\n"
    if marker.name == "rules":
        items = [
            {
                "key": action.key,
                "title": cited(action.title_template, context),
                "why": cited(action.why_template, context),
                "when": condition(action),
                "href": action.href,
                "link": action.link_label,
            }
            for action in rules.actions
        ]
        return "\n\n" + render("triage_rules.html", actions=items) + "\n\n"
    raise marker.fail("unknown triage block; known: crisis, rules")


def triage_step(markdown: str, context: PageContext) -> str:
    return replace_markers(markdown, KIND, context.source, lambda marker: render_triage(marker, context), context.line_offset)
