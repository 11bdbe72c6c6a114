"""`<!-- timeline:NAME -->`: the stages of data/timeline.yml, each citing the facts it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from hooks.data.checks import NAME, ROOT, Where, fact_key, items, mapping, read_data, text
from hooks.data.facts import FactRef, Registry
from hooks.pages.facts_step import fact_reference
from hooks.pages.markers import Marker
from hooks.pages.page import PageContext, render

TIMELINES = ROOT / "data" / "timeline.yml"


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
    return render("timeline.html", name=marker.name, stages=list(zip(stages, basis, strict=True)))
